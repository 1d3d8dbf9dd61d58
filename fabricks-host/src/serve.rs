//! `serve`: an HTTP app (`wasi:http/incoming-handler`) on its declared `listen` port.
//!
//! By default one instance serves the requests one after another, as a single-worker Python or
//! Node server would: module state (caches, an MCP session table) lives across requests, and
//! start-up is paid once. `--isolate-requests` gives every request a fresh instance instead, so
//! that nothing of one request (one client) can reach the next. A trap answers 500 and the next
//! request gets a new instance; Ctrl-C stops accepting and lets requests in flight finish.

use crate::prepare::{self, Options, Prepared};
use crate::state::HostState;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use wasmtime::Store;
use wasmtime::{Result, bail, error::Context};
use wasmtime_wasi_http::WasiHttpView;
use wasmtime_wasi_http::p2::bindings::{Proxy, ProxyPre, http::types::{ErrorCode, Scheme}};
use wasmtime_wasi_http::p2::body::HyperOutgoingBody;

pub struct ServeOptions {
    pub port: Option<u16>,
    pub address: IpAddr,
    pub isolate: bool,
}

type Responder = oneshot::Sender<Result<hyper::Response<HyperOutgoingBody>, ErrorCode>>;
type Job = (hyper::Request<hyper::body::Incoming>, Responder);

pub async fn serve(opts: Options, serve: ServeOptions) -> Result<i32> {
    let prepared = Arc::new(prepare::prepare(&opts).await?);
    let port = match serve.port {
        // A bare component carries no policy: the port given is its grant.
        Some(p) if prepared.bare || prepared.policy.listen.contains(&p) => p,
        Some(p) => bail!("port {p} is not declared: grant it with [capabilities.network] listen = [{p}] in fabricks.toml"),
        None if prepared.bare => bail!("a bare component declares no port: name one with --port"),
        None => *prepared.policy.listen.first().context(
            "the app declares no port to serve on: add [capabilities.network] listen = [8080] to fabricks.toml")?,
    };
    let pre = ProxyPre::new(prepared.linker.instantiate_pre(&prepared.runtime)?)
        .context("the app does not export wasi:http/incoming-handler: it is not an HTTP app (start a stdio app with `run`)")?;
    // componentize-js 0.23's engine answers one fetch event per instance (a second one finds the
    // first's event and request): apps on the JavaScript runtime get a new instance per request.
    let one_shot = prepared.runtime_name.as_deref().is_some_and(|n| n.starts_with("node:"));
    if one_shot && !serve.isolate {
        eprintln!("fabricks-host: note: the JavaScript runtime serves one request per instance: every request gets a new instance");
    }
    let isolate = serve.isolate || one_shot;
    let addr = SocketAddr::new(serve.address, port);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("could not listen on {addr}"))?;
    eprintln!("fabricks-host: serving http://{addr}/ ({}); Ctrl-C stops",
        if isolate { "a new instance per request" } else { "one instance, requests in turn" });

    let (jobs, queue) = mpsc::channel::<Job>(64);
    let worker = tokio::spawn(work(prepared.clone(), pre, queue, isolate, opts.memory));
    let mut connections = tokio::task::JoinSet::new();
    let shutdown = tokio::signal::ctrl_c();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let jobs = jobs.clone();
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let jobs = jobs.clone();
                        async move { Ok::<_, std::convert::Infallible>(respond(&jobs, request).await) }
                    });
                    let _ = http1::Builder::new().keep_alive(true).serve_connection(TokioIo::new(stream), service).await;
                });
            }
        }
    }
    eprintln!("fabricks-host: stopping: no new connections; requests in flight finish (at most 10 s)");
    drop(listener);
    drop(jobs);
    let _ = tokio::time::timeout(Duration::from_secs(10), async { while connections.join_next().await.is_some() {} }).await;
    worker.abort();
    Ok(0)
}

/// Hands the request to the worker and waits for the app's response head.
async fn respond(jobs: &mpsc::Sender<Job>, request: hyper::Request<hyper::body::Incoming>) -> hyper::Response<HyperOutgoingBody> {
    let (tx, rx) = oneshot::channel();
    if jobs.send((request, tx)).await.is_err() {
        return plain(503, "the server is stopping\n");
    }
    match rx.await {
        Ok(Ok(response)) => response,
        Ok(Err(code)) => plain(500, &format!("the app answered with an error: {code:?}\n")),
        Err(_) => plain(500, "500 Internal Server Error: the app ended without a response\n"),
    }
}

fn plain(status: u16, text: &str) -> hyper::Response<HyperOutgoingBody> {
    use http_body_util::{BodyExt, Full};
    hyper::Response::builder()
        .status(status)
        .header("content-type", "text/plain; charset=utf-8")
        .body(Full::new(bytes::Bytes::from(text.to_owned())).map_err(|never| match never {}).boxed_unsync())
        .expect("a valid response")
}

/// Runs the requests: one after another on one instance, or, when isolating, each on a new
/// instance of its own, concurrently.
async fn work(prepared: Arc<Prepared>, pre: ProxyPre<HostState>, mut queue: mpsc::Receiver<Job>, isolate: bool, memory: u64) {
    let mut current: Option<(Store<HostState>, Proxy)> = None;
    while let Some((request, responder)) = queue.recv().await {
        if isolate {
            let (prepared, pre) = (prepared.clone(), pre.clone());
            tokio::spawn(async move {
                match instance(&prepared, &pre, memory).await {
                    Ok((mut store, proxy)) => {
                        if let Err(e) = handle(&mut store, &proxy, request, responder).await {
                            report_failure(&store, &e, false);
                        }
                    }
                    Err(e) => not_started(&e, responder),
                }
            });
            continue;
        }
        if current.is_none() {
            match instance(&prepared, &pre, memory).await {
                Ok(fresh) => current = Some(fresh),
                Err(e) => {
                    not_started(&e, responder);
                    continue;
                }
            }
        }
        let (store, proxy) = current.as_mut().expect("an instance");
        if let Err(e) = handle(store, proxy, request, responder).await {
            // The responder went with the failed call: the client gets 500.
            report_failure(store, &e, true);
            current = None;
        }
    }
}

fn not_started(e: &wasmtime::Error, responder: Responder) {
    eprintln!("fabricks-host: the app did not start: {e:?}");
    let _ = responder.send(Err(ErrorCode::InternalError(Some("the app did not start".into()))));
}

fn report_failure(store: &Store<HostState>, e: &wasmtime::Error, reused: bool) {
    let next = if reused { "; a new instance serves the next request" } else { "" };
    if store.data().limits.exceeded.load(std::sync::atomic::Ordering::SeqCst) {
        eprintln!("fabricks-host: the request asked for more than the memory limit (--memory){next}");
    } else {
        eprintln!("fabricks-host: the app trapped: {e:?}{next}");
    }
}

async fn instance(prepared: &Prepared, pre: &ProxyPre<HostState>, memory: u64) -> Result<(Store<HostState>, Proxy)> {
    let mut store = prepared.store(&[], memory)?;
    if let Some(module) = &prepared.module {
        let exports = crate::link::instantiate_source(&mut store, module).await?;
        store.data_mut().source = Some(exports);
    }
    let proxy = pre.instantiate_async(&mut store).await?;
    Ok((store, proxy))
}

async fn handle(store: &mut Store<HostState>, proxy: &Proxy, request: hyper::Request<hyper::body::Incoming>, responder: Responder) -> Result<()> {
    let req = store.data_mut().http().new_incoming_request(Scheme::Http, request)?;
    let out = store.data_mut().http().new_response_outparam(responder)?;
    proxy.wasi_http_incoming_handler().call_handle(&mut *store, req, out).await
}
