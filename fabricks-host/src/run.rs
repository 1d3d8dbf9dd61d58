//! `run`: a `wasi:cli/run` app with the host's stdin, stdout and stderr, its exit status passed
//! through, stopped with a message when it traps or passes a limit.

use crate::filesystem;
use crate::prepare::{self, Options};
use wasmtime::{Result, format_err as anyhow};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use wasmtime::UpdateDeadline;
use wasmtime_wasi::I32Exit;

/// Exit statuses of the host itself, beside the app's own.
pub mod status {
    /// The app's `run` returned an error.
    pub const APP_ERROR: i32 = 1;
    /// The host could not start the app: bad flags, a refused mount, a damaged artifact.
    pub const HOST_ERROR: i32 = 2;
    /// The deadline (`--timeout`) passed.
    pub const DEADLINE: i32 = 124;
    /// A limit was reached: memory or `/tmp`.
    pub const LIMIT: i32 = 125;
    /// The app trapped.
    pub const TRAP: i32 = 134;
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { format!("{} GiB", bytes >> 30) } else { format!("{} MiB", bytes >> 20) }
}

pub async fn run(opts: Options) -> Result<i32> {
    let prepared = prepare::prepare(&opts).await?;
    let mut store = prepared.store(&opts.args, opts.memory)?;
    let memory_exceeded = store.data().limits.exceeded.clone();
    let tmp_full = Arc::new(AtomicBool::new(false));
    let stop = tmp_full.clone();
    store.epoch_deadline_callback(move |_| {
        if stop.load(Ordering::SeqCst) {
            return Err(anyhow!("/tmp is full"));
        }
        // Let the executor look at the deadline and the other tasks, then go on.
        Ok(UpdateDeadline::Yield(1))
    });
    store.set_epoch_deadline(1);

    let watcher = {
        let (tmp, limit, full) = (prepared.tmp_path(), opts.tmp_size, tmp_full.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(200)).await;
                if filesystem::usage(&tmp) > limit {
                    full.store(true, Ordering::SeqCst);
                    return;
                }
            }
        })
    };
    let deadline = async {
        match opts.timeout {
            Some(t) => tokio::time::sleep(t).await,
            None => std::future::pending().await,
        }
    };
    let verbose = opts.verbose;
    let outcome = async {
        let start = std::time::Instant::now();
        let instance = prepared.instantiate(&mut store).await?;
        let run = crate::link::cli_run(&mut store, &prepared.runtime, &instance)?;
        if verbose {
            eprintln!("fabricks-host: instantiated in {:.2} ms", start.elapsed().as_secs_f64() * 1e3);
        }
        let start = std::time::Instant::now();
        let outcome = run.call_async(&mut store, ()).await;
        if verbose {
            eprintln!("fabricks-host: the app ran for {:.2} ms", start.elapsed().as_secs_f64() * 1e3);
        }
        let (result,) = outcome?;
        Ok::<_, wasmtime::Error>(result)
    };
    let result = tokio::select! {
        r = outcome => Some(r),
        () = deadline => None,
    };
    watcher.abort();
    let code = match result {
        None => {
            eprintln!("fabricks-host: stopped: the app ran past its deadline of {} s (--timeout, -Dfabricks.run.timeout)",
                opts.timeout.map_or(0, |t| t.as_secs()));
            status::DEADLINE
        }
        Some(Ok(Ok(()))) => 0,
        Some(Ok(Err(()))) => status::APP_ERROR,
        Some(Err(e)) => {
            if let Some(exit) = e.downcast_ref::<I32Exit>() {
                exit.0
            } else if memory_exceeded.load(Ordering::SeqCst) {
                eprintln!("fabricks-host: stopped: the app asked for more than its memory limit of {} \
                           (raise it with --memory, -Dfabricks.run.memory)", size(opts.memory));
                status::LIMIT
            } else if tmp_full.load(Ordering::SeqCst) {
                eprintln!("fabricks-host: stopped: the app wrote more than {} to /tmp (raise it with --tmp-size)", size(opts.tmp_size));
                status::LIMIT
            } else {
                eprintln!("fabricks-host: the app trapped: {e:?}");
                status::TRAP
            }
        }
    };
    drop(store);
    drop(prepared); // removes /tmp
    Ok(code)
}
