//! `fabricks-host`: runs a Fabricks app with exactly the capabilities its artifact declares.

mod artifact;
mod cache;
mod denial;
mod filesystem;
mod fsdenial;
mod http;
mod limits;
mod link;
mod lookup;
mod network;
mod policy;
mod prepare;
mod run;
mod serve;
mod signature;
mod state;
mod wasi;

use clap::{Parser, Subcommand};
use std::net::IpAddr;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "fabricks-host", version, about = "Runs Fabricks apps with exactly the capabilities they declare")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs a stdio app (wasi:cli/run) with this process's stdin, stdout and stderr.
    Run(RunArgs),
    /// Serves an HTTP app (wasi:http/incoming-handler) on its declared listen port.
    Serve(ServeArgs),
    /// Prints what an app is granted, and what it is not.
    Policy {
        /// target/fabricks/oci, LAYOUT:TAG or a module folder.
        target: String,
    },
}

#[derive(clap::Args)]
struct RunArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Stops the app after this many seconds.
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,
    /// Arguments for the app.
    #[arg(last = true)]
    args: Vec<String>,
}

#[derive(clap::Args)]
struct ServeArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The port to serve on: one of the app's declared listen ports (default: the first).
    #[arg(long)]
    port: Option<u16>,
    /// The address to serve on (0.0.0.0: every interface).
    #[arg(long, default_value = "127.0.0.1")]
    address: IpAddr,
    /// A new instance for every request: nothing of one request reaches the next (slower).
    #[arg(long)]
    isolate_requests: bool,
}

/// What `run` and `serve` share.
#[derive(clap::Args)]
struct CommonArgs {
    /// target/fabricks/oci (after `mvn package`), LAYOUT:TAG, a module folder, or a .wasm component.
    target: String,
    /// Binds a declared [[capabilities.filesystem]] path to a host folder, e.g. --mount /data=./notes.
    #[arg(long = "mount", value_name = "GUEST=HOST")]
    mounts: Vec<String>,
    /// The most memory the app may use, over all its memories.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = limits::parse_size)]
    memory: u64,
    /// The most the app may write to its private /tmp.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = limits::parse_size)]
    tmp_size: u64,
    /// Lets the app listen on this address too, besides loopback (0.0.0.0: any).
    #[arg(long = "listen-address", value_name = "ADDR")]
    listen_addresses: Vec<IpAddr>,
    /// Grants a host variable to a bare .wasm component (an app's artifact decides its own).
    #[arg(long = "env", value_name = "NAME")]
    env: Vec<String>,
    /// Compiles every time instead of keeping compiled code in the user cache.
    #[arg(long)]
    no_cache: bool,
    /// Says on stderr where time went.
    #[arg(short, long)]
    verbose: bool,
    /// Refuses to start the app unless its layout holds a cosign signature (sha256-<hex>.sig) that
    /// verifies with this PEM public key (cosign.pub).
    #[arg(long = "verify-key", value_name = "PEM")]
    verify_key: Option<std::path::PathBuf>,
}

impl CommonArgs {
    fn options(self, args: Vec<String>, timeout: Option<Duration>) -> prepare::Options {
        prepare::Options {
            target: self.target,
            args,
            mounts: self.mounts,
            memory: self.memory,
            timeout,
            tmp_size: self.tmp_size,
            listen_addresses: self.listen_addresses,
            cache: !self.no_cache,
            verbose: self.verbose,
            env: self.env,
            verify_key: self.verify_key,
        }
    }
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Run(args) => start(args),
        Command::Serve(args) => start_serving(args),
        Command::Policy { target } => print_policy(&target),
    };
    std::process::exit(code);
}

fn start(args: RunArgs) -> i32 {
    if args.timeout.is_some_and(|t| !(t > 0.0 && t.is_finite())) {
        eprintln!("fabricks-host: --timeout must be a positive number of seconds");
        return run::status::HOST_ERROR;
    }
    let opts = args.common.options(args.args, args.timeout.map(Duration::from_secs_f64));
    finish(tokio_runtime().block_on(run::run(opts)))
}

fn start_serving(args: ServeArgs) -> i32 {
    let serve = serve::ServeOptions { port: args.port, address: args.address, isolate: args.isolate_requests };
    let opts = args.common.options(vec![], None);
    finish(tokio_runtime().block_on(serve::serve(opts, serve)))
}

fn tokio_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime")
}

fn finish(result: wasmtime::Result<i32>) -> i32 {
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fabricks-host: {e:#}");
            run::status::HOST_ERROR
        }
    }
}

fn print_policy(target: &str) -> i32 {
    match artifact::open(target) {
        Ok(artifact::App::Layered(app)) => {
            let p = &app.policy;
            let list = |v: Vec<String>| if v.is_empty() { "nothing".to_string() } else { v.join(", ") };
            println!("{} {} on {} (entrypoint {})", app.name, app.version, app.runtime_name, app.entrypoint);
            println!("env:       {}", list(p.env.clone()));
            println!("folders:   {}", list(p.mounts.iter().map(|m| format!("{} ({})", m.guest, if m.writable { "rw" } else { "ro" })).collect()));
            println!("listen:    {}", list(p.listen.iter().map(|l| l.to_string()).collect()));
            println!("connect:   {}", list(p.connect.iter().map(|c| c.text.clone()).collect()));
            println!("always:    /app (the app's files, read-only), /tmp (private, empty, removed afterwards), stdio");
            0
        }
        Ok(artifact::App::Component { path }) => {
            println!("{}: a bare component: nothing is granted beyond stdio and a private /tmp", path.display());
            0
        }
        Err(e) => {
            eprintln!("fabricks-host: {e:#}");
            run::status::HOST_ERROR
        }
    }
}
