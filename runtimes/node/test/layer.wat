;; Test source layer (world fabricks:app/user-layer) for the smoke test.
;; Files (sorted by path): data/hello.txt, lib/greet.js, main.js; entrypoint main.js.
;; Memory: names at 0x100, paths list at 0x200 (8 bytes each), files list at
;; 0x300 (16 bytes each), return area at 0x400, file bytes from 0x1000, heap from 0x10000.
(module
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 0x10000))
  (global $count i32 (i32.const 3))
  (data (i32.const 0x100) "data/hello.txt")
  (data (i32.const 0x120) "lib/greet.js")
  (data (i32.const 0x140) "main.js")
  ;; data/hello.txt
  (data (i32.const 0x1000) "Hello from the source layer!\0a")
  ;; lib/greet.js
  (data (i32.const 0x2000) "module.exports = (text) => `greet: ${text}`;\0amodule.exports.fail = function fail() { throw new Error('asked to fail'); };\0a")
  ;; main.js
  (data (i32.const 0x3000) "// Smoke test program: require, fs, process.\0aconst greet = require('./lib/greet');\0aconst fs = require('fs');\0aconst text = fs.readFileSync(__dirname + '/data/hello.txt', 'utf8');\0aprocess.stdout.write(greet(text.trim()) + '\5cn');\0aconsole.log('same module:', require('./lib/greet.js') === greet);\0aconsole.log('argv:', JSON.stringify(process.argv.slice(2)));\0aconsole.log('env GREETING:', process.env.GREETING);\0aconsole.log('exists:', fs.existsSync('data/hello.txt'), fs.existsSync('/app/lib'), fs.existsSync('nope'));\0aconsole.log('__dirname:', __dirname, '__filename:', __filename);\0aif (process.argv.includes('fail')) require('./lib/greet').fail();\0aif (process.argv.includes('exit')) { process.stderr.write('exiting\5cn'); process.exit(3); }\0aconsole.log('done');\0a")
  ;; paths: (name ptr, name len)*
  (data (i32.const 0x200) "\00\01\00\00\0e\00\00\00\20\01\00\00\0c\00\00\00\40\01\00\00\07\00\00\00")
  ;; files: (name ptr, name len, data ptr, data len)*
  (data (i32.const 0x300) "\00\01\00\00\0e\00\00\00\00\10\00\00\1d\00\00\00\20\01\00\00\0c\00\00\00\00\20\00\00\7a\00\00\00\40\01\00\00\07\00\00\00\00\30\00\00\f4\02\00\00")

  ;; Bump allocator: memory is never freed (a layer lives as long as the run).
  (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $p) (local.get $size)))
    (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow (i32.add (i32.shr_u (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1))))))
    (if (local.get $old_size) (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
    (local.get $p))

  (func (export "fabricks:app/source@0.1.0#entrypoint") (result i32)
    (i32.store (i32.const 0x400) (i32.const 0x140))
    (i32.store (i32.const 0x404) (i32.const 7))
    (i32.const 0x400))

  (func (export "fabricks:app/source@0.1.0#paths") (result i32)
    (i32.store (i32.const 0x400) (i32.const 0x200))
    (i32.store (i32.const 0x404) (global.get $count))
    (i32.const 0x400))

  (func (export "fabricks:app/source@0.1.0#files") (result i32)
    (i32.store (i32.const 0x400) (i32.const 0x300))
    (i32.store (i32.const 0x404) (global.get $count))
    (i32.const 0x400))

  ;; option<list<u8>>: discriminant byte at 0, data ptr at 4, data len at 8.
  (func (export "fabricks:app/source@0.1.0#read") (param $ptr i32) (param $len i32) (result i32)
    (local $e i32) (local $i i32)
    (i32.store8 (i32.const 0x400) (i32.const 0))
    (local.set $e (i32.const 0x300))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $e) (i32.add (i32.const 0x300) (i32.mul (global.get $count) (i32.const 16)))))
        (if (call $eq (local.get $ptr) (local.get $len) (i32.load (local.get $e)) (i32.load offset=4 (local.get $e)))
          (then
            (i32.store8 (i32.const 0x400) (i32.const 1))
            (i32.store (i32.const 0x404) (i32.load offset=8 (local.get $e)))
            (i32.store (i32.const 0x408) (i32.load offset=12 (local.get $e)))
            (br $done)))
        (local.set $e (i32.add (local.get $e) (i32.const 16)))
        (br $next)))
    (i32.const 0x400))

  (func $eq (param $a i32) (param $alen i32) (param $b i32) (param $blen i32) (result i32)
    (local $i i32)
    (if (i32.ne (local.get $alen) (local.get $blen)) (then (return (i32.const 0))))
    (block $diff
      (loop $next
        (if (i32.eq (local.get $i) (local.get $alen)) (then (return (i32.const 1))))
        (br_if $diff (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i)))
                             (i32.load8_u (i32.add (local.get $b) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 0))
)
