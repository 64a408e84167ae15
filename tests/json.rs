//! Our JSON format: round trips (hand-built budget and the four fixtures), every error kind with
//! the path and place it names, and the schema (schema/yusuan-1.schema.json) against real output.

#[path = "support/sample.rs"]
mod sample;

use sample::{d, seed_like};
use serde_json::Value;
use yusuan::json::{from_json, to_json, JsonError, JsonErrorKind, FORMAT, MAX_BYTES};
use yusuan::model::Budget;

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::{fixture_text as fixture, FIXTURES};

fn err(text: &str) -> JsonError {
    match from_json(text) {
        Ok(_) => panic!("accepted: {}", &text[..text.len().min(200)]),
        Err(e) => e,
    }
}

/// The sample's JSON with one piece of text replaced (exactly once).
fn edited(from: &str, to: &str) -> String {
    let s = to_json(&seed_like());
    assert_eq!(s.matches(from).count(), 1, "edit target {from:?} must occur once");
    s.replacen(from, to, 1)
}

// ---- round trips ----

#[test]
fn hand_built_budget_round_trips_exactly() {
    let b = seed_like();
    let s = to_json(&b);
    let back = from_json(&s).unwrap();
    assert_eq!(back, b);
    assert_eq!(to_json(&back), s);
}

#[test]
fn envelope_comes_first_and_is_pretty() {
    let s = to_json(&seed_like());
    assert!(s.starts_with("{\n  \"format\": \"yusuan/1\",\n  \"budget\": {\n    \"department\": \"深圳市福田区投资推广和企业服务中心\",\n"), "{}", &s[..120]);
    assert!(!s.ends_with('\n'));
    assert_eq!(FORMAT, "yusuan/1");
}

#[test]
fn amounts_are_decimal_strings_with_the_printed_scale() {
    let s = to_json(&seed_like());
    // 引进人才费用 9280.00 (two decimals printed) and 人力资源… 9280 (none) stay distinct.
    assert!(s.contains("\"total\": \"9280.00\""));
    assert!(s.contains("\"total\": \"9280\""));
    assert!(s.contains("\"change\": \"-6593.32\""));
    assert!(s.contains("\"other\": \"0.00\""));
    let back = from_json(&s).unwrap();
    let rows = &back.function_tables[0].rows;
    assert_eq!(rows[5].total.unwrap().scale(), 2);
    assert_eq!(rows[4].total.unwrap().scale(), 0);
    assert_eq!(rows[5].total, Some(d("9280.00")));
    // No JSON number anywhere carries an amount.
    let v: Value = serde_json::from_str(&s).unwrap();
    let mut numbers = Vec::new();
    collect_number_keys(&v, "", &mut numbers);
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers, ["depth", "line", "year"]);
}

fn collect_number_keys(v: &Value, key: &str, out: &mut Vec<String>) {
    match v {
        Value::Number(_) => out.push(key.to_string()),
        Value::Array(a) => a.iter().for_each(|x| collect_number_keys(x, key, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| collect_number_keys(x, k, out)),
        _ => {}
    }
}

#[test]
fn minimal_document_reads_with_defaults() {
    let b = from_json(r#"{"format": "yusuan/1", "budget": {"department": "某部门", "kind": "final_accounts", "unit": "元"}}"#).unwrap();
    assert_eq!(b.department, "某部门");
    assert_eq!(b.kind, yusuan::model::DocKind::FinalAccounts);
    assert_eq!(b.unit, yusuan::Unit::Yuan);
    assert_eq!(b.year, None);
    assert!(b.function_tables.is_empty() && b.procurement.is_none());
}

#[test]
fn null_for_an_optional_field_that_is_written_only_when_set() {
    // Source.table is skipped when None; a null there is the same thing, not an unknown field.
    let s = edited("\"table\": \"收支总表\",\n          \"label\": \"一、政府预算拨款\"", "\"table\": null,\n          \"label\": \"一、政府预算拨款\"");
    let b = from_json(&s).unwrap();
    assert_eq!(b.income[0].source.table, None);
    assert_eq!(b.income[0].source.label, "一、政府预算拨款");
}

#[test]
fn leading_and_trailing_whitespace_is_fine() {
    let s = format!("\n  {}\n\n", to_json(&seed_like()));
    assert_eq!(from_json(&s).unwrap(), seed_like());
}

#[test]
fn fixtures_round_trip_through_json() {
    for name in FIXTURES {
        let b = yusuan::import_text(&fixture(name)).unwrap_or_else(|e| panic!("{name}: import failed: {e}"));
        let s = to_json(&b);
        let back = from_json(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, b, "{name}");
        assert_eq!(to_json(&back), s, "{name}");
    }
}

// ---- errors: kind, path, place, wording ----

#[test]
fn amount_given_as_a_json_number_names_its_path() {
    let e = err(&edited("\"name\": \"商贸事务\",\n            \"total\": \"1509.59\"", "\"name\": \"商贸事务\",\n            \"total\": 1509.59"));
    assert_eq!(e.kind, JsonErrorKind::Data);
    assert_eq!(e.path, "budget.function_tables[0].rows[1].total");
    assert_eq!(e.message, "expected a decimal string such as \"1234.50\", got 1509.59");
    let line_text = to_json(&seed_like()).lines().nth(e.line - 1).unwrap().to_string();
    assert!(line_text.contains("\"total\": \"1509.59\""), "line {} is {line_text:?}", e.line);
    assert_eq!(e.column, 22);
    assert_eq!(
        e.to_string(),
        format!("budget.function_tables[0].rows[1].total (line {}, column 22): expected a decimal string such as \"1234.50\", got 1509.59", e.line)
    );
}

#[test]
fn out_of_range_number_says_what_the_field_expects() {
    let e = err(&edited("\"amount\": \"17.66\"", "\"amount\": 1e400"));
    assert_eq!(e.kind, JsonErrorKind::Data);
    assert_eq!(e.path, "budget.sangong_text[0].amount");
    assert_eq!(e.message, "expected a decimal string such as \"1234.50\", got 1e400");
}

#[test]
fn decimal_strings_in_other_forms_are_refused() {
    for bad in ["\"1.766e1\"", "\"+17.66\"", "\"17,66\"", "\"abc\"", "\"\"", "\" 17.66\""] {
        let e = err(&edited("\"amount\": \"17.66\"", &format!("\"amount\": {bad}")));
        assert_eq!(e.kind, JsonErrorKind::Data, "{bad}");
        assert_eq!(e.path, "budget.sangong_text[0].amount", "{bad}");
        assert_eq!(e.message, format!("expected a decimal string such as \"1234.50\", got {bad}"), "{bad}");
    }
}

#[test]
fn wrong_types_name_what_was_expected() {
    let e = err(&edited("\"year\": 2022,\n    \"kind\"", "\"year\": \"2022\",\n    \"kind\""));
    assert_eq!((e.path.as_str(), e.message.as_str()), ("budget.year", "expected an integer, got \"2022\""));
    assert_eq!((e.line, e.column), (5, 13));

    let e = err(&edited("\"kind\": \"budget\"", "\"kind\": 3"));
    assert_eq!((e.path.as_str(), e.message.as_str()), ("budget.kind", "expected `budget` or `final_accounts`, got 3"));

    let e = err(&edited("\"unit\": \"万元\",\n    \"income\"", "\"unit\": \"千元\",\n    \"income\""));
    assert_eq!((e.path.as_str(), e.message.as_str()), ("budget.unit", "expected one of `元`, `万元`, `亿元`, got \"千元\""));

    let e = err(&edited("\"missing_tables\": [\n      \"(四) 基本支出总表\"\n    ]", "\"missing_tables\": \"(四) 基本支出总表\""));
    assert_eq!((e.path.as_str(), e.message.as_str()), ("budget.missing_tables", "expected an array, got \"(四) 基本支出总表\""));

    let e = err(&edited("\"depth\": 1", "\"depth\": 300"));
    assert_eq!((e.path.as_str(), e.message.as_str()), ("budget.income[1].depth", "expected an integer from 0 to 255, got 300"));

    let e = err(&edited("\"line\": 61,\n          \"label\": \"人员支出 2,796.41 万元\"", "\"line\": -61,\n          \"label\": \"人员支出 2,796.41 万元\""));
    assert_eq!((e.path.as_str(), e.message.as_str()), ("budget.economic[0].source.line", "expected an integer from 0 to 4294967295, got -61"));

    let e = err(&edited("\"department\": \"深圳市福田区投资推广和企业服务中心\"", "\"department\": null"));
    assert_eq!((e.path.as_str(), e.message.as_str()), ("budget.department", "expected a string, got null"));

    let e = err(&edited("\"department\": \"深圳市福田区投资推广和企业服务中心\"", "\"department\": \"a\", \"department\": \"b\""));
    assert_eq!((e.path.as_str(), e.message.as_str()), ("budget.department", "duplicate field `department`"));

    let e = err(&edited("\"components_complete\": true", "\"components_complete\": \"yes\""));
    assert_eq!((e.path.as_str(), e.message.as_str()), ("budget.projects[0].components_complete", "expected a boolean, got \"yes\""));

    let e = err(&edited("\"procurement\": {", "\"procurement\": [], \"x\": {"));
    assert_eq!((e.path.as_str(), e.message.as_str()), ("budget.procurement", "expected an object, got an array"));
}

#[test]
fn missing_field_names_the_object_it_is_missing_from() {
    let e = err(&edited("\"title\": \"一般公共预算支出表（按功能分类）\",\n", ""));
    assert_eq!(e.kind, JsonErrorKind::Data);
    assert_eq!(e.path, "budget.function_tables[0]");
    assert_eq!(e.message, "missing field `title`");
}

#[test]
fn unknown_field_is_an_error_not_silently_dropped() {
    let e = err(&edited("\"department\"", "\"colour\": \"red\",\n    \"department\""));
    assert_eq!(e.kind, JsonErrorKind::Data);
    assert_eq!(e.path, "budget.colour");
    assert!(e.message.starts_with("unknown field `colour`, expected one of `comparisons`, `department`,"), "{}", e.message);
    assert_eq!((e.line, e.column), (4, 15));

    let e = err(&edited("\"name\": \"国内外招商引资推介会宣传\"", "\"name\": \"国内外招商引资推介会宣传\", \"amount_yuan\": \"600000\""));
    assert_eq!(e.path, "budget.projects[0].components[0].amount_yuan");

    let e = err(&edited("\"format\": \"yusuan/1\",", "\"format\": \"yusuan/1\", \"extra\": 1,"));
    assert_eq!((e.kind, e.path.as_str()), (JsonErrorKind::Format, "extra"));
}

#[test]
fn syntax_errors_give_line_column_and_where() {
    let e = err(&edited("\"year\": 2022,\n    \"kind\"", "\"year\": 2022\n    \"kind\""));
    assert_eq!(e.kind, JsonErrorKind::Syntax);
    assert_eq!((e.line, e.column), (6, 5));
    assert_eq!(e.path, "budget.year");
    assert_eq!(e.to_string(), "line 6, column 5 (in budget.year): expected `,` or `}`");

    let one = to_json(&seed_like());
    let e = err(&format!("{one}\n{one}"));
    assert_eq!((e.kind, e.line, e.column), (JsonErrorKind::Syntax, one.lines().count() + 1, 1));
    assert_eq!(e.message, "trailing characters: more text after the end of the JSON value (two files pasted together?)");

    let e = err("");
    assert_eq!((e.kind, e.line, e.column), (JsonErrorKind::Syntax, 1, 1));
    assert_eq!(e.message, "EOF while parsing a value: the input is empty");

    let e = err("{\"format\": \"yusuan/1\", \"budget\": {\"department\": \"x\", ]");
    assert_eq!((e.kind, e.line), (JsonErrorKind::Syntax, 1));
    assert_eq!(e.path, "budget");
}

#[test]
fn format_version_and_envelope_are_checked() {
    let e = err(&edited("\"format\": \"yusuan/1\"", "\"format\": \"yusuan/2\""));
    assert_eq!(e.kind, JsonErrorKind::Format);
    assert_eq!(e.to_string(), "format (line 2, column 13): unsupported format version \"yusuan/2\": this yusuan reads \"yusuan/1\"");

    let e = err(r#"{"budget": {}}"#);
    assert_eq!(e.kind, JsonErrorKind::Format);
    assert_eq!(e.message, "no \"format\" field: not a yusuan JSON file (expected \"format\": \"yusuan/1\")");

    let e = err(r#"{"format": 1, "budget": {}}"#);
    assert_eq!((e.path.as_str(), e.message.as_str()), ("format", "expected \"yusuan/1\", got 1"));

    let e = err(r#"{"format": "yusuan/1"}"#);
    assert_eq!(e.message, "no \"budget\" field");

    let e = err("[1, 2]");
    assert_eq!(e.message, "expected an object {\"format\": \"yusuan/1\", \"budget\": …}, got an array");
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let big = format!("{{\"format\": \"yusuan/1\", \"pad\": \"{}\"}}", "x".repeat(MAX_BYTES));
    let e = err(&big);
    assert_eq!(e.kind, JsonErrorKind::TooLarge);
    assert_eq!((e.line, e.column), (0, 0));
    assert_eq!(e.to_string(), format!("input is {} bytes; yusuan reads JSON of at most 8388608 bytes (8 MiB)", big.len()));
}

#[test]
fn deep_nesting_is_refused_with_its_place() {
    let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
    assert_ne!(err(&ok).kind, JsonErrorKind::TooDeep);
    let deep = format!("{{\"format\": \"yusuan/1\", \"budget\":\n{}{}}}", "[".repeat(70), "]".repeat(70));
    let e = err(&deep);
    assert_eq!(e.kind, JsonErrorKind::TooDeep);
    assert_eq!((e.line, e.column), (2, 64));
    assert_eq!(e.to_string(), "line 2, column 64: nested deeper than 64 levels");
    // Brackets inside strings are not nesting.
    let quoted = edited("\"goal\": \"以习近平", &format!("\"goal\": \"{}以习近平", "[".repeat(100)));
    assert!(from_json(&quoted).is_ok());
}

#[test]
fn every_truncation_is_an_error_with_a_place_inside_the_text() {
    let s = to_json(&seed_like());
    let lines = s.lines().count();
    let cuts: Vec<usize> = (0..s.len()).filter(|i| s.is_char_boundary(*i)).step_by(13).collect();
    assert!(cuts.len() > 300);
    for cut in cuts {
        let e = err(&s[..cut]);
        assert!(e.line >= 1 && e.line <= lines && e.column >= 1, "cut {cut}: {e}");
        assert!(!e.message.is_empty());
    }
}

#[test]
fn random_edits_never_panic_and_errors_point_inside_the_text() {
    let s = to_json(&seed_like());
    let lines = s.lines().count();
    let alphabet = b"{}[]\",:0123456789-.eEtrufalsn \\\n";
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let (mut ok, mut failed) = (0, 0);
    for _ in 0..600 {
        let mut bytes = s.clone().into_bytes();
        for _ in 0..1 + next(3) {
            let at = next(bytes.len());
            if bytes[at].is_ascii() {
                bytes[at] = alphabet[next(alphabet.len())];
            }
        }
        let text = String::from_utf8(bytes).unwrap();
        match from_json(&text) {
            Ok(_) => ok += 1,
            Err(e) => {
                failed += 1;
                assert!(e.line >= 1 && e.line <= lines + 1, "{e}");
                assert!(!e.message.is_empty());
            }
        }
    }
    // Most single-byte edits break the format; some land in free text (names, labels).
    assert!(failed > 400 && ok > 0, "ok {ok}, failed {failed}");
}

// ---- schema ----

fn schema() -> Value {
    let path = format!("{}/schema/yusuan-1.schema.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_field_name_we_write_is_in_the_schema() {
    let s = schema();
    let mut described = Vec::new();
    collect_property_names(&s, &mut described);
    let mut written = Vec::new();
    collect_keys(&serde_json::from_str(&to_json(&seed_like())).unwrap(), &mut written);
    written.sort();
    written.dedup();
    let missing: Vec<_> = written.iter().filter(|k| !described.contains(k)).collect();
    assert!(missing.is_empty(), "fields written but not in the schema: {missing:?}");
    assert!(written.len() > 60, "the sample should exercise the whole model: {}", written.len());
}

fn collect_property_names(v: &Value, out: &mut Vec<String>) {
    if let Value::Object(o) = v {
        if let Some(Value::Object(props)) = o.get("properties") {
            out.extend(props.keys().cloned());
        }
        o.values().for_each(|x| collect_property_names(x, out));
    }
}

fn collect_keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            collect_keys(x, out)
        }),
        Value::Array(a) => a.iter().for_each(|x| collect_keys(x, out)),
        _ => {}
    }
}

#[test]
fn hand_built_budget_validates_against_the_schema() {
    let v: Value = serde_json::from_str(&to_json(&seed_like())).unwrap();
    let errors = validate(&schema(), &v);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn schema_rejects_what_from_json_rejects() {
    let s = schema();
    let cases = [
        (edited("\"amount\": \"17.66\"", "\"amount\": 17.66"), "/budget/sangong_text/0/amount"),
        (edited("\"amount\": \"17.66\"", "\"amount\": \"1.766e1\""), "/budget/sangong_text/0/amount"),
        (edited("\"kind\": \"budget\"", "\"kind\": \"plan\""), "/budget/kind"),
        (edited("\"category\": \"total\"", "\"category\": \"vehicle\""), "/budget/sangong_text/0/category"),
        (edited("\"measure\": \"expenditure_total\"", "\"measure\": \"expenditure-total\""), "/budget/comparisons/0/measure"),
        (edited("\"measure\": \"expenditure_total\"", "\"measure\": \"function:\""), "/budget/comparisons/0/measure"),
        (edited("\"department\"", "\"colour\": 1, \"department\""), "/budget/colour"),
        (edited("\"title\": \"一般公共预算支出表（按功能分类）\",\n", ""), "/budget/function_tables/0"),
        (edited("\"format\": \"yusuan/1\"", "\"format\": \"yusuan/2\""), "/format"),
    ];
    for (text, at) in cases {
        assert!(from_json(&text).is_err());
        let errors = validate(&s, &serde_json::from_str(&text).unwrap());
        assert!(errors.iter().any(|e| e.starts_with(&format!("{at}:"))), "{at}: {errors:#?}");
    }
}

#[test]
fn seed_json_validates_against_the_schema() {
    let b = yusuan::import_text(&fixture(FIXTURES[0])).unwrap_or_else(|e| panic!("import failed: {e}"));
    let text = to_json(&b);
    let errors = validate(&schema(), &serde_json::from_str(&text).unwrap());
    assert!(errors.is_empty(), "{errors:#?}");
    if let Some(counts) = python_error_counts(&[("seed", text)]) {
        assert_eq!(counts, [0]);
    }
}

#[test]
fn putuo_json_validates_against_the_schema() {
    for name in &FIXTURES[1..] {
        let b = yusuan::import_text(&fixture(name)).unwrap_or_else(|e| panic!("{name}: import failed: {e}"));
        let errors = validate(&schema(), &serde_json::from_str(&to_json(&b)).unwrap());
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

/// Cross-check with a full JSON Schema implementation (Python `jsonschema`) where one is installed;
/// the Rust validator below covers the same ground when it is not. Returns the error count per
/// document, or `None` without Python jsonschema.
fn python_error_counts(docs: &[(&str, String)]) -> Option<Vec<usize>> {
    let has = std::process::Command::new("python3").args(["-c", "import jsonschema"]).output();
    if !matches!(has, Ok(ref o) if o.status.success()) {
        eprintln!("python3 jsonschema not installed: only the Rust validator checked the schema");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("yusuan-json-test-{}-{}", std::process::id(), docs[0].0));
    std::fs::create_dir_all(&dir).unwrap();
    let mut cmd = std::process::Command::new("python3");
    let script = "import json,sys,jsonschema\n\
        s=json.load(open(sys.argv[1]))\n\
        jsonschema.Draft202012Validator.check_schema(s)\n\
        v=jsonschema.Draft202012Validator(s)\n\
        for f in sys.argv[2:]:\n    print(sum(1 for _ in v.iter_errors(json.load(open(f)))))\n";
    cmd.args(["-c", script, concat!(env!("CARGO_MANIFEST_DIR"), "/schema/yusuan-1.schema.json")]);
    for (name, text) in docs {
        let p = dir.join(format!("{name}.json"));
        std::fs::write(&p, text).unwrap();
        cmd.arg(p);
    }
    let out = cmd.output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8_lossy(&out.stdout).lines().map(|l| l.parse().unwrap()).collect())
}

#[test]
fn python_jsonschema_agrees_when_available() {
    let docs = [
        ("good", to_json(&seed_like())),
        ("number", edited("\"amount\": \"17.66\"", "\"amount\": 17.66")),
        ("unknown", edited("\"department\"", "\"colour\": 1, \"department\"")),
        ("version", edited("\"format\": \"yusuan/1\"", "\"format\": \"yusuan/2\"")),
    ];
    if let Some(counts) = python_error_counts(&docs) {
        assert_eq!(counts, [0, 1, 1, 1]);
    }
}

/// The subset of JSON Schema 2020-12 our schema uses. Unknown keywords fail loudly so the schema
/// cannot grow a rule this check silently skips.
fn validate(schema: &Value, doc: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, schema, doc, "", &mut errors);
    errors
}

fn check(root: &Value, s: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let Value::Object(s) = s else { panic!("schema at {at} is not an object") };
    for (kw, arg) in s {
        match kw.as_str() {
            "$schema" | "$id" | "title" | "description" | "examples" | "$defs" => {}
            "$ref" => {
                let name = arg.as_str().unwrap().strip_prefix("#/$defs/").expect("local $ref");
                check(root, &root["$defs"][name], v, at, errors);
            }
            "type" => {
                let types: Vec<&str> = match arg {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(a) => a.iter().map(|t| t.as_str().unwrap()).collect(),
                    _ => panic!("type"),
                };
                let ok = types.iter().any(|t| match *t {
                    "object" => v.is_object(),
                    "array" => v.is_array(),
                    "string" => v.is_string(),
                    "boolean" => v.is_boolean(),
                    "null" => v.is_null(),
                    "integer" => v.is_i64() || v.is_u64(),
                    "number" => v.is_number(),
                    other => panic!("type {other}"),
                });
                if !ok {
                    errors.push(format!("{at}: expected {types:?}, got {v}"));
                }
            }
            "properties" => {
                if let Value::Object(o) = v {
                    for (k, sub) in arg.as_object().unwrap() {
                        if let Some(x) = o.get(k) {
                            check(root, sub, x, &format!("{at}/{k}"), errors);
                        }
                    }
                }
            }
            "required" => {
                if let Value::Object(o) = v {
                    for k in arg.as_array().unwrap() {
                        if !o.contains_key(k.as_str().unwrap()) {
                            errors.push(format!("{at}: missing {k}"));
                        }
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(arg, &Value::Bool(false), "only additionalProperties: false is used");
                if let (Value::Object(o), Some(Value::Object(props))) = (v, s.get("properties")) {
                    for k in o.keys().filter(|k| !props.contains_key(*k)) {
                        errors.push(format!("{at}/{k}: not allowed"));
                    }
                }
            }
            "items" => {
                if let Value::Array(a) = v {
                    for (i, x) in a.iter().enumerate() {
                        check(root, arg, x, &format!("{at}/{i}"), errors);
                    }
                }
            }
            "enum" => {
                if !arg.as_array().unwrap().contains(v) {
                    errors.push(format!("{at}: {v} not in {arg}"));
                }
            }
            "const" => {
                if arg != v {
                    errors.push(format!("{at}: {v} is not {arg}"));
                }
            }
            "pattern" => {
                let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
                match (arg.as_str().unwrap(), v) {
                    ("^-?[0-9]+(\\.[0-9]+)?$", Value::String(t)) => {
                        let body = t.strip_prefix('-').unwrap_or(t);
                        let ok = match body.split_once('.') {
                            Some((i, f)) => digits(i) && digits(f),
                            None => digits(body),
                        };
                        if !ok {
                            errors.push(format!("{at}: {v} is not a decimal string"));
                        }
                    }
                    ("^function:[0-9]+$", Value::String(t)) => {
                        if !t.strip_prefix("function:").is_some_and(digits) {
                            errors.push(format!("{at}: {v} is not function:CODE"));
                        }
                    }
                    (p, _) => assert!(
                        matches!(p, "^-?[0-9]+(\\.[0-9]+)?$" | "^function:[0-9]+$"),
                        "only the decimal and function:CODE patterns are used, not {p}"
                    ),
                }
            }
            "minimum" | "maximum" => {
                if let Some(n) = v.as_f64() {
                    let lim = arg.as_f64().unwrap();
                    if (kw == "minimum" && n < lim) || (kw == "maximum" && n > lim) {
                        errors.push(format!("{at}: {n} out of range ({kw} {lim})"));
                    }
                }
            }
            "anyOf" => {
                let any = arg.as_array().unwrap().iter().any(|sub| {
                    let mut e = Vec::new();
                    check(root, sub, v, at, &mut e);
                    e.is_empty()
                });
                if !any {
                    errors.push(format!("{at}: {v} matches none of anyOf"));
                }
            }
            other => panic!("schema keyword {other} at {at} is not checked by this validator"),
        }
    }
}

#[test]
fn sample_budget_is_a_budget() {
    // Keeps the helper honest: the totals it states are the seed's.
    let b: Budget = seed_like();
    assert_eq!(b.expenditure_total(), Some((d("44350"), yusuan::Unit::Wanyuan)));
}
