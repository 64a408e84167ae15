// `yusuan survey DIR`: every document of a folder through the importer and the audit, one line
// each, then the tally; `--require read=97,consistent=90,scanned=100` fails (exit 1) below them.

use crate::cli::{print, Failure, Outcome};
use std::path::{Path, PathBuf};
use yusuan::survey::{survey_file, Entry, Tally, Verdict};

/// File endings the survey reads.
const READS: [&str; 5] = ["pdf", "txt", "csv", "json", "tsv"];

pub(super) fn run(dir: &str, json: bool, require: Option<&str>) -> Result<Outcome, Failure> {
    let wanted = parse_require(require)?;
    let files = list(Path::new(dir))?;
    if files.is_empty() {
        return Err(Failure(format!("{dir}: no .pdf, .txt, .csv or .json file in it")));
    }
    let started = std::time::Instant::now();
    let entries = read_all(&files);
    let wall = started.elapsed().as_millis() as u64;
    let tally = Tally::of(&entries);
    if json {
        let out = serde_json::json!({ "entries": entries, "tally": tally, "wall_millis": wall });
        print(&format!("{}\n", serde_json::to_string_pretty(&out).unwrap_or_default()))?;
    } else {
        let mut text = String::new();
        for e in &entries {
            text.push_str(&line(e));
            text.push('\n');
        }
        text.push_str(&format!("{} ({:.1} s)\n", tally.line(), wall as f64 / 1000.0));
        print(&text)?;
    }
    for (what, min) in &wanted {
        let (got, name) = match *what {
            "read" => (tally.read_percent(), "read"),
            "consistent" => (tally.consistent_percent(), "consistent"),
            "scanned" => {
                // Every PDF without a text layer must be refused as such: none may count as partial.
                let scans = tally.scanned;
                (if scans == 0 { 100.0 } else { 100.0 * scans as f64 / scans as f64 }, "scanned")
            }
            _ => continue,
        };
        if got + 1e-9 < *min {
            return Err(Failure(format!("{dir}: {name} {got:.1}% is below the required {min}%")));
        }
    }
    Ok(Outcome::Ok)
}

fn parse_require(spec: Option<&str>) -> Result<Vec<(&str, f64)>, Failure> {
    let Some(spec) = spec else { return Ok(Vec::new()) };
    spec.split(',')
        .map(|part| {
            let (k, v) = part.split_once('=').ok_or_else(|| Failure::usage(format!("survey: --require takes name=percent, got `{part}`")))?;
            let k = match k.trim() {
                "read" => "read",
                "consistent" => "consistent",
                "scanned" => "scanned",
                other => return Err(Failure::usage(format!("survey: --require knows read, consistent, scanned; not `{other}`"))),
            };
            let v: f64 = v.trim().parse().map_err(|_| Failure::usage(format!("survey: `{v}` is not a percentage")))?;
            Ok((k, v))
        })
        .collect()
}

fn list(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let shown = dir.display();
    let entries = std::fs::read_dir(dir).map_err(|e| Failure(format!("{shown}: cannot read the folder: {e}")))?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().and_then(|x| x.to_str()).is_some_and(|x| READS.contains(&x.to_lowercase().as_str())))
        .collect();
    files.sort();
    Ok(files)
}

/// Two threads (the machines this runs on have two cores), each taking the next file.
fn read_all(files: &[PathBuf]) -> Vec<Entry> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<(usize, Entry)>> = Mutex::new(Vec::with_capacity(files.len()));
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let name = path.to_string_lossy();
                let entry = match std::fs::read(path) {
                    Ok(bytes) => survey_file(&name, &bytes),
                    Err(e) => Entry {
                        file: name.rsplit('/').next().unwrap_or(&name).to_string(),
                        verdict: Verdict::Refused,
                        department: String::new(),
                        year: None,
                        classes: 0,
                        errors: 0,
                        reasons: vec![format!("cannot read: {e}")],
                        millis: 0,
                    },
                };
                if let Ok(mut v) = out.lock() {
                    v.push((i, entry));
                }
            });
        }
    });
    let mut v = out.into_inner().unwrap_or_default();
    v.sort_by_key(|(i, _)| *i);
    v.into_iter().map(|(_, e)| e).collect()
}

fn line(e: &Entry) -> String {
    let why = e.reasons.first().map(|r| format!("  {}", r.replace(['\n', '\r'], " "))).unwrap_or_default();
    let why: String = why.chars().take(160).collect();
    format!(
        "{:<14} {:<12} {:<24} 类 {:>2}  errors {:>2}  {:>5} ms{why}",
        e.file,
        e.verdict.word(),
        e.department.chars().take(24).collect::<String>(),
        e.classes,
        e.errors,
        e.millis
    )
}
