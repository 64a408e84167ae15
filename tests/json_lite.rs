//! The viewer's JSON reader and writer (`src/json_lite.rs`, no serde_json) against the command
//! line's (`src/json.rs`): the same bytes written for every fixture and the hand-built budget, the
//! same budget read back, the same verdict on every JSON case of the bad-input catalogue (with the
//! same message wherever the catalogue's is exact) and on thousands of mutated documents.

#[path = "support/fixtures.rs"]
mod fixtures;
#[path = "support/sample.rs"]
mod sample;
#[path = "bad_list.rs"]
mod bad_list;

use fixtures::{fixture, FIXTURES};
use yusuan::json;
use yusuan::json_lite::{self, JsonErrorKind};
use yusuan::model::Budget;

fn budgets() -> Vec<(String, Budget)> {
    let mut all: Vec<(String, Budget)> = FIXTURES.iter().map(|n| (n.to_string(), fixture(n))).collect();
    all.push(("seed_like".into(), sample::seed_like()));
    all.push(("seed_like, read from two PDFs".into(), from_pdfs(sample::seed_like())));
    all.push(("empty".into(), Budget::default()));
    all
}

/// A budget as one read from two PDFs carries it: pages and files on most sources (some without,
/// as a number of the prose may be), pages on its warnings, and the files' names.
fn from_pdfs(mut b: Budget) -> Budget {
    let mut n = 0u32;
    b.sources_mut(|s| {
        n += 1;
        if !n.is_multiple_of(5) {
            s.page = Some(1 + s.line / 40);
        }
        if !n.is_multiple_of(3) {
            s.file = Some(n % 2);
        }
    });
    b.warnings.iter_mut().for_each(|w| w.page = Some(7));
    b.warnings.push(yusuan::model::Warning { line: 9, message: "页眉".into(), page: None });
    b.files = vec!["附件1.pdf".into(), "附件2 \"表\".pdf".into()];
    b
}

#[test]
fn pages_and_files_are_written_only_when_set() {
    let text = json_lite::to_json(&from_pdfs(sample::seed_like()));
    assert!(text.contains("\"page\": ") && text.contains("\"file\": 1") && text.contains("\"files\": ["), "{text}");
    let plain = json_lite::to_json(&sample::seed_like());
    assert!(!plain.contains("\"page\"") && !plain.contains("\"file\"") && !plain.contains("\"files\""));
    // A source pointing past the files the budget names is refused by both readers, at that source.
    let bad = text.replacen("\"file\": 1", "\"file\": 2", 1);
    let (lite, full) = (json_lite::from_json(&bad).unwrap_err(), json::from_json(&bad).unwrap_err());
    assert_eq!(lite.to_string(), full.to_string());
    assert!(lite.path.ends_with(".source"), "{lite}");
    assert_eq!(json_lite::from_parsed_json(&bad), None);
}

#[test]
fn limits_and_format_are_the_command_lines() {
    assert_eq!((json_lite::FORMAT, json_lite::MAX_BYTES, json_lite::MAX_DEPTH), (json::FORMAT, json::MAX_BYTES, json::MAX_DEPTH));
}

#[test]
fn writes_what_the_command_line_writes_byte_for_byte() {
    for (name, b) in budgets() {
        assert_eq!(json_lite::to_json(&b), json::to_json(&b), "{name}");
    }
}

#[test]
fn reads_back_what_either_writer_wrote() {
    for (name, b) in budgets() {
        let text = json::to_json(&b);
        assert_eq!(json_lite::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}")), b, "{name}");
        // Compact JSON (the wire head's) and a byte order mark read the same.
        let compact = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&text).unwrap()).unwrap();
        assert_eq!(json_lite::from_json(&compact).unwrap(), b, "{name}, compact");
        assert_eq!(json_lite::from_json(&format!("\u{feff}{text}")).unwrap(), b, "{name}, BOM");
        // The one-kind modules' reader (text `JSON.parse` accepted) reads the same.
        for t in [&text, &compact, &format!("\u{feff}{text}")] {
            assert_eq!(json_lite::from_parsed_json(t).as_ref(), Some(&b), "{name}: from_parsed_json");
        }
    }
}

/// `from_parsed_json` (no syntax pass, no messages: the one-kind modules') on text that parses as
/// JSON: it reads what `from_json` reads, to the same budget, and refuses what `from_json` refuses.
/// A page asks it only after `JSON.parse`, which is serde_json's grammar but for unpaired surrogate
/// escapes (`lone_surrogates_are_refused_without_a_syntax_pass`).
fn same_as_from_json(what: &str, text: &str) {
    let full = json_lite::from_json(text);
    let lean = json_lite::from_parsed_json(text);
    if serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}')).is_ok() {
        assert_eq!(lean.as_ref(), full.as_ref().ok(), "{what}: from_parsed_json and from_json disagree ({:?})", full.as_ref().err());
    }
    // Not JSON: a page never asks (JSON.parse refuses first); whatever the answer, it came without a
    // panic and through the gate.
}

#[test]
fn lone_surrogates_are_refused_without_a_syntax_pass() {
    let text = json::to_json(&sample::seed_like());
    for s in ["\\ud800", "\\udc00", "\\ud800x", "\\ud800\\ud800", "\\udbff\\u0041"] {
        let bad = text.replacen("深圳", &format!("深{s}圳"), 1);
        assert_ne!(bad, text);
        assert!(json_lite::from_json(&bad).is_err(), "{s}");
        assert!(json_lite::from_parsed_json(&bad).is_none(), "{s}");
    }
    let pair = text.replacen("深圳", "深\\ud83d\\ude00圳", 1);
    assert_eq!(json_lite::from_parsed_json(&pair).is_some(), json_lite::from_json(&pair).is_ok());
    assert!(json_lite::from_parsed_json(&pair).is_some());
}

#[test]
fn strings_with_escapes_and_control_characters_round_trip() {
    let mut b = sample::seed_like();
    b.department = "引号\" 反斜杠\\ 换行\n 制表\t \u{1} \u{1f} \u{7f} / 😀 \u{2028}".into();
    let text = json::to_json(&b);
    assert_eq!(json_lite::to_json(&b), text);
    assert_eq!(json_lite::from_json(&text).unwrap(), b);
    // Escapes the writers do not use still read: \/ and \u with a surrogate pair.
    let escaped = text.replacen("😀", "\\ud83d\\ude00", 1).replacen(" / ", " \\/ ", 1).replacen("引号", "\\u5f15号", 1);
    assert_ne!(escaped, text);
    assert_eq!(json_lite::from_json(&escaped).unwrap(), b);
}

/// Catalogue cases whose `.expect` text quotes a place that `json::from_json` finds by mapping
/// serde_json's byte position back to a value, and this reader names more exactly or in other
/// words; here what this reader says instead.
const OWN_WORDS: &[(&str, &str)] = &[
    // serde_json stops before the rows' value, so the command line names the table.
    ("14-json-rows-not-array.json", "budget.function_tables[0].rows (line 25, column 17): expected an array, got an object"),
    // The command line's path is `[""]` (an empty key); this reader names the place only.
    ("03-json-single-quotes.json", "line 1, column 2: key must be a string: keys and strings need double quotes"),
];

#[test]
fn the_catalogue_gets_the_command_lines_verdict_and_words() {
    let mut checked = 0;
    for (name, bytes, expect) in bad_list::CASES.iter().filter(|(n, ..)| n.ends_with(".json")) {
        let cli = json::from_json_bytes(bytes);
        let lite = json_lite::from_json_bytes(bytes);
        if let Ok(text) = std::str::from_utf8(bytes) {
            same_as_from_json(name, text);
        }
        match (&cli, &lite) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}: different budgets"),
            (Err(a), Err(b)) => {
                let b = b.to_string();
                let want = match OWN_WORDS.iter().find(|(n, _)| n == name) {
                    Some((_, own)) => own.to_string(),
                    None => expect.lines().next().unwrap().trim_start_matches("error:").trim().to_string(),
                };
                assert!(b.contains(&want), "{name}: expected «{want}»\n   got «{b}»\n   (command line: «{a}»)");
            }
            _ => panic!("{name}: the command line says {:?}, this reader {:?}", cli.as_ref().err(), lite.as_ref().err()),
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} JSON cases");
}

/// A small deterministic generator (no dependency): xorshift.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Edits a hand-edited file might suffer: a character deleted, doubled or replaced by a JSON
/// delimiter, digit or letter; a line deleted; a string turned into a number or `null`.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let i = rng.below(chars.len());
    const SWAPS: &[&str] = &["\"", "{", "}", "[", "]", ",", ":", "0", "1", "-", ".", "e", "x", " ", "\n", "null", "\\", "\\u", "，", "1e3", "01"];
    let mut out: Vec<char> = chars.clone();
    match rng.below(6) {
        0 => {
            out.remove(i);
        }
        1 => out.insert(i, chars[i]),
        2 => {
            let s = SWAPS[rng.below(SWAPS.len())];
            out.splice(i..=i, s.chars());
        }
        3 => {
            let lines: Vec<&str> = text.lines().collect();
            let l = rng.below(lines.len());
            return lines.iter().enumerate().filter(|(k, _)| *k != l).map(|(_, s)| *s).collect::<Vec<_>>().join("\n");
        }
        4 => {
            // A value: the string after the i-th `": "` as a bare number or null.
            let s: String = chars.iter().collect();
            let Some(at) = s.match_indices("\": \"").map(|(k, _)| k).nth(rng.below(200)) else { return s };
            let rest = &s[at + 3..];
            let Some(end) = rest[1..].find('"') else { return s };
            let inner = &rest[1..end + 1];
            let with = if rng.below(2) == 0 { inner.to_string() } else { "null".to_string() };
            return format!("{}{}{}", &s[..at + 3], with, &rest[end + 2..]);
        }
        _ => {
            // An amount given another form: 1234.50 → "+1234.50", "1234.5", "01234.50", "1,234.50".
            let s: String = chars.iter().collect();
            let Some(at) = s.match_indices("\"total\": \"").map(|(k, _)| k + 10).nth(rng.below(40)) else { return s };
            let form = ["+", "0", " ", "-"][rng.below(4)];
            return format!("{}{}{}", &s[..at], form, &s[at..]);
        }
    }
    out.into_iter().collect()
}

#[test]
fn mutated_documents_get_the_same_verdict_and_budget() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let docs: Vec<String> = budgets().iter().take(3).map(|(_, b)| json::to_json(b)).collect();
    let (mut refused, mut read) = (0, 0);
    for round in 0..2000 {
        let base = &docs[round % docs.len()];
        let mut text = mutate(base, &mut rng);
        if rng.below(4) == 0 {
            text = mutate(&text, &mut rng);
        }
        let cli = json::from_json(&text);
        let lite = json_lite::from_json(&text);
        same_as_from_json(&format!("round {round}"), &text);
        match (&cli, &lite) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "round {round}: different budgets");
                read += 1;
            }
            (Err(a), Err(b)) => {
                refused += 1;
                // Every refusal says where: a path, or a line and column.
                assert!(b.line > 0 || !b.path.is_empty() || b.kind == JsonErrorKind::TooLarge, "round {round}: {b} names no place");
                if b.kind == JsonErrorKind::Data && a.path == b.path && a.kind == json::JsonErrorKind::Data {
                    assert_eq!((a.line, a.column), (b.line, b.column), "round {round}: «{a}» vs «{b}»");
                }
            }
            _ => panic!(
                "round {round}: the command line says {:?}, this reader {:?}\n{}",
                cli.as_ref().err().map(|e| e.to_string()),
                lite.as_ref().err().map(|e| e.to_string()),
                text
            ),
        }
    }
    assert!(refused > 700 && read > 70, "refused {refused}, read {read}");
}

#[test]
fn deep_nesting_and_huge_input_are_refused_before_reading() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = json_lite::from_json(&deep).unwrap_err();
    assert_eq!(e.kind, JsonErrorKind::TooDeep);
    assert_eq!(e.to_string(), "line 1, column 65: nested deeper than 64 levels");
    let big = " ".repeat(json::MAX_BYTES + 1);
    assert_eq!(json_lite::from_json(&big).unwrap_err().kind, JsonErrorKind::TooLarge);
    // The modules' reader has no depth pass: it refuses a deep value at its first byte, where the
    // schema wants a string, and a deep budget or envelope the same way (no recursion, no overflow).
    let text = json::to_json(&sample::seed_like());
    let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    for bad in [
        text.replacen("\"深圳", &format!("{}, \"x\": \"深圳", nest(100_000)), 1),
        text.replacen("\"department\": ", &format!("\"department\": {}, \"y\": ", nest(100_000)), 1),
        format!("{{\"format\": \"yusuan/1\", \"budget\": {}}}", nest(100_000)),
        nest(100_000),
    ] {
        assert_ne!(bad, text);
        assert!(json_lite::from_parsed_json(&bad).is_none());
        assert!(json_lite::from_json(&bad).is_err());
    }
}

#[test]
fn amounts_beyond_the_limit_are_refused_with_their_path() {
    let text = json::to_json(&fixture("futian-investment-2022"));
    let huge = text.replacen("\"total\": \"1509.59\"", "\"total\": \"100000000000000\"", 1);
    assert_ne!(huge, text);
    assert!(json_lite::from_parsed_json(&huge).is_none());
    let (a, b) = (json::from_json(&huge).unwrap_err(), json_lite::from_json(&huge).unwrap_err());
    assert_eq!(b.to_string(), a.to_string());
    assert!(b.path.ends_with(".total"), "{b}");
}
