// `stream` through ES module imports, for builtins.js.
import stream, { Readable, Writable, pipeline } from 'node:stream';
import * as namespace from 'stream';
import { pipeline as pipelinePromise, finished } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';

export const checks = [
  stream === namespace.default, namespace.Readable === Readable, stream.Writable === Writable, stream.pipeline === pipeline,
  typeof pipelinePromise, typeof finished, stream.promises.pipeline === pipelinePromise, typeof StringDecoder,
];

export async function run() {
  const seen = [];
  await pipelinePromise(Readable.from(['es', 'm']), new Writable({ write(chunk, encoding, callback) { seen.push(String(chunk)); callback(); } }));
  return seen;
}
