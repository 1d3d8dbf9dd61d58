//! Limits of one run: a memory cap over all of the app's memories and tables, and the epoch
//! ticker that lets a busy guest be stopped (deadline, `/tmp` over its size).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use wasmtime::{Engine, ResourceLimiter};

/// How often running wasm is interrupted to check whether it must stop.
pub const TICK: Duration = Duration::from_millis(10);

pub struct MemoryCap {
    cap: u64,
    used: u64,
    /// Set when the cap was hit, for the message that ends the run.
    pub exceeded: Arc<AtomicBool>,
}

impl MemoryCap {
    pub fn new(cap: u64) -> MemoryCap {
        MemoryCap { cap, used: 0, exceeded: Arc::new(AtomicBool::new(false)) }
    }
}

impl ResourceLimiter for MemoryCap {
    fn memory_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        let grown = (desired - current) as u64;
        if self.used + grown > self.cap {
            self.exceeded.store(true, Ordering::SeqCst);
            wasmtime::bail!("memory limit reached");
        }
        self.used += grown;
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        // Tables hold references, a few bytes each: bounded by the same cap.
        Ok((desired as u64).saturating_mul(16) <= self.cap)
    }
}

/// Starts the ticker of an engine once per process.
pub fn start_ticker(engine: &Engine) {
    let engine = engine.weak();
    std::thread::Builder::new()
        .name("epoch".into())
        .spawn(move || {
            while let Some(engine) = engine.upgrade() {
                engine.increment_epoch();
                drop(engine);
                std::thread::sleep(TICK);
            }
        })
        .expect("a thread for the epoch ticker");
}

/// Parses `512M`, `1G`, `1024k`, `64MiB` or a number of bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &lower[digits.len()..];
    let factor: u64 = match unit {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("`{text}` is not a size: write e.g. 512M or 2G")),
    };
    let n: u64 = digits.trim().parse().map_err(|_| format!("`{text}` is not a size: write e.g. 512M or 2G"))?;
    n.checked_mul(factor).filter(|v| *v > 0).ok_or_else(|| format!("`{text}` is not a size: write e.g. 512M or 2G"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("lots").is_err() && parse_size("0").is_err() && parse_size("5T").is_err());
    }

    #[test]
    fn the_cap_counts_every_memory() {
        let mut cap = MemoryCap::new(10 << 20);
        assert!(cap.memory_growing(0, 6 << 20, None).unwrap());
        assert!(cap.memory_growing(0, 3 << 20, None).unwrap());
        assert!(cap.memory_growing(6 << 20, 8 << 20, None).is_err());
        assert!(cap.exceeded.load(Ordering::SeqCst));
    }
}
