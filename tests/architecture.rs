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
    ("json_lite", &["model", "money", "gate", "json"]),
    ("wire", &["model", "money", "json", "json_lite", "gate"]),
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

/// The code with comments, string and char literals blanked (newlines kept, so lines still count):
/// what is left is declarations and expressions, which `declared_names` reads.
fn skeleton(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, from: usize, to: usize| {
        for &ch in &c[from..to.min(c.len())] {
            out.push(if ch == '\n' { '\n' } else { ' ' });
        }
    };
    let mut i = 0;
    while i < c.len() {
        let (ch, next) = (c[i], c.get(i + 1).copied());
        let after_ident = i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_');
        let mut end = None;
        if ch == '/' && next == Some('/') {
            end = Some((i..c.len()).find(|&j| c[j] == '\n').unwrap_or(c.len()));
        } else if ch == '/' && next == Some('*') {
            let (mut j, mut depth) = (i, 0);
            while j < c.len() {
                if c[j] == '/' && c.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if c[j] == '*' && c.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            end = Some(j);
        } else if !after_ident && (ch == 'r' || (ch == 'b' && next == Some('r'))) {
            // Raw strings: r"…", r#"…"#, br"…".
            let mut j = i + if ch == 'b' { 2 } else { 1 };
            let hashes = c[j.min(c.len())..].iter().take_while(|&&h| h == '#').count();
            j += hashes;
            if c.get(j) == Some(&'"') {
                j += 1;
                while j < c.len() && !(c[j] == '"' && (1..=hashes).all(|k| c.get(j + k) == Some(&'#'))) {
                    j += 1;
                }
                end = Some(j + 1 + hashes);
            }
        } else if ch == '"' {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            end = Some(j + 1);
        } else if ch == '\'' && next == Some('\\') {
            end = Some((i + 3..c.len()).find(|&j| c[j] == '\'').map_or(c.len(), |j| j + 1));
        } else if ch == '\'' && c.get(i + 2) == Some(&'\'') {
            end = Some(i + 3);
        }
        match end {
            Some(e) => {
                blank(&mut out, i, e);
                i = e;
            }
            None => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// (name, 1-based line) of every function, method, type, trait, const and static the code
/// declares, nested ones included, but not the methods and types of trait impls (`impl Display
/// for X { fn fmt … }`: the trait names those) nor anything in the `#[cfg(test)] mod tests`.
fn declared_names(text: &str) -> Vec<(String, usize)> {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let code: Vec<char> = skeleton(text).chars().collect();
    let word_at = |i: usize| -> String {
        code[i.min(code.len())..].iter().take_while(|c| c.is_alphanumeric() || **c == '_').collect()
    };
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_' || c == '\'';
    let mut out = Vec::new();
    // One entry per open brace: is it the body of a trait impl?
    let mut open: Vec<bool> = Vec::new();
    let (mut line, mut stmt_start, mut i) = (1, 0, 0);
    while i < code.len() {
        let ch = code[i];
        match ch {
            '\n' => line += 1,
            '{' => {
                let header = without_attributes(&code[stmt_start..i]);
                let words: Vec<&str> =
                    header.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
                let first = words.iter().find(|w| !matches!(**w, "pub" | "crate" | "unsafe" | "default"));
                open.push(first == Some(&"impl") && words.contains(&"for"));
                stmt_start = i + 1;
            }
            '}' => {
                open.pop();
                stmt_start = i + 1;
            }
            ';' => stmt_start = i + 1,
            _ if (i == 0 || !is_word_char(code[i - 1])) && ch.is_alphabetic() => {
                let w = word_at(i);
                let kw = matches!(w.as_str(), "fn" | "struct" | "enum" | "trait" | "type" | "const" | "static" | "union");
                if kw && !open.iter().any(|&t| t) {
                    let before = code[..i].iter().rev().find(|c| !c.is_whitespace());
                    let mut j = i + w.chars().count();
                    while code.get(j).is_some_and(|c| c.is_whitespace()) {
                        j += 1;
                    }
                    let mut name = word_at(j);
                    if w == "const" && name == "fn" {
                        // `const fn f`: the fn keyword that follows names it.
                        name = String::new();
                    }
                    let pointer = before == Some(&'*'); // `*const T`
                    if !pointer && !name.is_empty() && name != "_" && !name.starts_with(|c: char| c.is_ascii_digit()) {
                        out.push((name, line));
                    }
                }
                i += w.chars().count();
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The text without its `#[…]` / `#![…]` attributes.
fn without_attributes(code: &[char]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < code.len() {
        let bang = usize::from(code.get(i + 1) == Some(&'!'));
        if code[i] == '#' && code.get(i + 1 + bang) == Some(&'[') {
            let mut depth = 0;
            i += 1 + bang;
            while i < code.len() {
                depth += match code[i] {
                    '[' => 1,
                    ']' => -1,
                    _ => 0,
                };
                i += 1;
                if depth == 0 {
                    break;
                }
            }
        } else {
            out.push(code[i]);
            i += 1;
        }
    }
    out
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn names_in_the_importer_are_unique() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let files = rust_files(&root.join("src/import"));
    for f in &files {
        let rel = f.strip_prefix(root).unwrap().display().to_string();
        for (name, line) in declared_names(&std::fs::read_to_string(f).unwrap()) {
            seen.entry(name).or_default().push(format!("{rel}:{line}"));
        }
    }
    let twice: Vec<String> =
        seen.iter().filter(|(_, at)| at.len() > 1).map(|(n, at)| format!("`{n}` declared at {}", at.join(", "))).collect();
    assert!(twice.is_empty(), "names under src/import/ must say what they are, once:\n{}", twice.join("\n"));
    // The scan found what it must: a broken scan would pass vacuously.
    assert!(files.len() > 10 && seen.len() > 100, "{} files, {} names", files.len(), seen.len());
}

#[test]
fn the_name_scan_reads_declarations_not_literals_nor_trait_impls() {
    let code = "pub(crate) fn read(a: &str) -> &'static str { fn inner() {} \"fn fake {\" }\n\
                // fn commented\n\
                impl fmt::Display for X {\n    fn fmt(&self) {}\n}\n\
                #[cfg(test)] impl Default for Y { fn default() -> Y { Y } }\n\
                impl X {\n    pub fn method(&self) -> char { '{' }\n}\n\
                const LIMIT: usize = 1; struct Txt; const fn cf() {} static S: *const u8 = r#\"fn raw\"#;\n\
                #[cfg(test)]\nmod tests {\n    fn helper() {}\n}\n";
    let names: Vec<(String, usize)> = declared_names(code);
    let only: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(only, ["read", "inner", "method", "LIMIT", "Txt", "cf", "S"], "{names:?}");
    assert_eq!(names[2].1, 8, "lines count from 1: {names:?}");
}
