//! The one line a denial prints on stderr: what was tried and which fabricks.toml key grants it.
//! A denial repeated in a loop is printed once.

use std::collections::HashSet;
use std::sync::Mutex;

static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// `fabricks-host: denied: <what>; <grant>`.
pub fn report(what: &str, grant: &str) {
    let line = format!("fabricks-host: denied: {what}; {grant}");
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if seen.get_or_insert_with(HashSet::new).insert(line.clone()) {
        eprintln!("{line}");
    }
}
