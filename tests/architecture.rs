//! The crate's dependency direction, read from its sources: money/model ← import/json ← audit/summary
//! ← chart ← render ← web/CLI. A `use` (or a `crate::…` path) that points the other way, or two
//! sibling modules that use each other, fails here with the file and the path that does it.
//!
//! `YUSUAN_GRAPH=1 cargo test --test architecture -- --nocapture` prints which module uses which.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules and the top-level modules each may use. A module not listed here fails the
/// test: a new one must take its place in the order.
const ALLOWED: &[(&str, &[&str])] = &[
    ("money", &[]),
    ("dec", &[]),
    ("order", &[]),
    ("model", &["money", "dec"]),
    ("gate", &["model", "money", "dec"]),
    ("pdf", &[]),
    ("import", &["model", "money", "dec", "order", "gate", "pdf", "json"]),
    ("json", &["model", "money", "gate"]),
    ("wire", &["model", "money", "json", "gate"]),
    ("audit", &["model", "money", "dec", "order"]),
    ("summary", &["audit", "model", "money", "dec", "order"]),
    ("survey", &["import", "audit", "summary", "model", "money", "dec", "order", "pdf"]),
    ("chart", &["model", "money", "dec", "order"]),
    ("render", &["chart", "model", "money", "dec", "order"]),
    ("export", &["chart", "render", "model", "money", "dec", "order"]),
];

/// Module path (`import::text`) → its source file, for every module file under `src/` but the
/// wasm edge (`web`, which may use anything) and the binaries.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    let mut out = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        if parts == ["lib"] || parts.first().is_some_and(|p| p == "bin" || p == "web") {
            continue;
        }
        out.insert(parts.join("::"), f);
    }
    out
}

/// The source without its `#[cfg(test)] mod tests` and without comments: tests may reach anywhere.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Every module path the code names through `crate::`, `super::` or `self::`, brace groups expanded
/// one level (`use super::{a, b::c}` names `super::a` and `super::b::c`).
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = code.as_bytes();
    for head in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(head).map(|i| i + from) {
            from = i + head.len();
            if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
                continue;
            }
            let mut end = i;
            while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_' || b[end] == b':') {
                end += 1;
            }
            let path = code[i..end].trim_end_matches(':').to_string();
            if code[end..].starts_with('{') {
                let close = code[end..].find('}').map_or(code.len(), |c| c + end);
                for item in code[end + 1..close].split(',') {
                    let item = item.trim().split([' ', '{']).next().unwrap_or("");
                    if !item.is_empty() {
                        out.push(format!("{path}::{item}"));
                    }
                }
            }
            out.push(path);
        }
    }
    out
}

/// The module a path names, resolved from `module`, as the longest known module prefix.
fn resolve(module: &str, path: &str, known: &BTreeMap<String, PathBuf>) -> Option<String> {
    let mut segs: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = match segs.first() {
        Some(&"crate") => {
            segs.remove(0);
            Vec::new()
        }
        Some(&"super") | Some(&"self") => {
            let mut base: Vec<&str> = module.split("::").collect();
            while let Some(&s) = segs.first() {
                match s {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                segs.remove(0);
            }
            base
        }
        _ => return None,
    };
    base.extend(segs);
    (1..=base.len()).rev().map(|k| base[..k].join("::")).find(|m| known.contains_key(m))
}

fn top(m: &str) -> &str {
    m.split("::").next().unwrap_or(m)
}

#[test]
fn dependencies_point_one_way_and_siblings_do_not_use_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let known = modules(&src);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (m, file) in &known {
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let mut used = BTreeSet::new();
        for p in paths(&code) {
            if let Some(t) = resolve(m, &p, &known) {
                if t != *m && !t.starts_with(&format!("{m}::")) {
                    used.insert(t);
                }
            }
        }
        let Some((_, allowed)) = ALLOWED.iter().find(|(name, _)| *name == top(m)) else {
            wrong.push(format!("{}: module `{}` has no place in the dependency order (tests/architecture.rs ALLOWED)", file.display(), top(m)));
            continue;
        };
        for t in &used {
            if top(t) != top(m) && !allowed.contains(&top(t)) {
                wrong.push(format!("{}: `{m}` uses `{t}`, against the direction {} ← …", file.display(), top(t)));
            }
        }
        edges.insert(m.clone(), used);
    }
    // Two siblings (same parent) that use each other form a cycle; a child using its parent's
    // shared helpers (audit::tables → audit) is the ordinary Rust shape and is not one.
    for (a, used) in &edges {
        for b in used {
            let parent = |m: &str| m.rsplit_once("::").map(|(p, _)| p.to_string()).unwrap_or_default();
            if a < b && parent(a) == parent(b) && edges.get(b).is_some_and(|u| u.contains(a)) {
                wrong.push(format!("`{a}` and `{b}` use each other"));
            }
        }
    }
    if std::env::var_os("YUSUAN_GRAPH").is_some() {
        for (m, used) in &edges {
            println!("{m} -> {}", used.iter().cloned().collect::<Vec<_>>().join(", "));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The walk found the modules it must: a broken walk would pass vacuously.
    for m in ["money", "model", "import::text", "import::titles", "audit::tables", "audit::totals", "chart::scene"] {
        assert!(known.contains_key(m), "{m} not found under src/");
    }
}

#[test]
fn the_check_catches_a_wrong_direction() {
    let mut known = BTreeMap::new();
    for m in ["model", "chart", "import", "import::text"] {
        known.insert(m.to_string(), PathBuf::new());
    }
    let code = code_of("use crate::chart::dec;\nuse super::{text::cells, titles};\n// use crate::web;\n");
    let resolved: Vec<String> = paths(&code).iter().filter_map(|p| resolve("import::lines", p, &known)).collect();
    assert!(resolved.contains(&"chart".to_string()), "{resolved:?}");
    assert!(resolved.contains(&"import::text".to_string()), "{resolved:?}");
    assert!(!resolved.iter().any(|r| r == "web"), "comments are not code: {resolved:?}");
}
