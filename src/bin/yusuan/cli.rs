// `yusuan`: import, summarize, audit, draw and export published department budgets from the
// command line.
// std only (no argument-parsing crate): the CLI is small and builds with the library alone.
// Every failure is one line on stderr that says where and what, and exit status 2; no input
// makes it panic.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read, Write};
use std::process::ExitCode;
use std::path::Path;
use yusuan::chart::{self, Kind, Theme};
use yusuan::export::{self, fdp, png};
use yusuan::summary::summary;
use yusuan::import::Format;
use yusuan::{audit, json, Budget, Finding, Lang, Severity};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Text input larger than this is refused (documents are well under 1 MiB).
const MAX_TEXT_BYTES: u64 = yusuan::pdf::limits::MAX_INPUT_BYTES as u64;

const USAGE: &str = "\
yusuan — exact import and audit of Chinese government department budgets (部门预算 / 部门决算)

Usage:
  yusuan import DOC [-o OUT.json]   read a published document, write yusuan JSON (format yusuan/1)
  yusuan summary FILE [--json]      headline figures: totals, 类/款/项, last year
  yusuan audit FILE [--json]        check the arithmetic; one line per finding
  yusuan render FILE --chart KIND [-o OUT.svg|OUT.png] [--width W --height H --lang zh|en --theme light|dark]
                                    draw a chart (SVG, or PNG at 2× for print)
  yusuan export FILE --format fdp -o DIR        Fiscal Data Package: datapackage.json + CSV
  yusuan export FILE --format csv|json [-o OUT] [--chart KIND] [--lang zh|en]
                                    the function table (or a chart's data table) as CSV; our JSON
  yusuan survey DIR [--json] [--require read=P,consistent=P,scanned=P]
                                    every document of a folder: read / consistent / refused, then a tally
  yusuan help [COMMAND]             this text, or a command's
  yusuan --version

FILE is a document's text, yusuan JSON or a CSV line table: by its name (*.json, *.csv / *.tsv,
*.txt), else by its content (JSON starts with `{`; a header such as 科目编码,科目名称,金额 in the
first lines is CSV). `-` reads standard input. Text is UTF-8, or UTF-16 with its byte order mark.
KIND: composition, functions, projects, change, waterfall, sangong, balance, tasks.
--json prints JSON for machines: amounts are decimal strings, in 元 in the summary.

Exit status: 0 ok (audit: no errors), 1 audit found errors,
             2 unreadable input or usage error (one line on stderr: where and what).
";

/// One subcommand: one entry in `COMMANDS`.
struct Command {
    name: &'static str,
    synopsis: &'static str,
    about: &'static str,
    /// Flags without a value (`--json`).
    flags: &'static [&'static str],
    /// Options with a value: (short, long).
    options: &'static [(&'static str, &'static str)],
    run: fn(&Args) -> Result<Outcome, Failure>,
}

const COMMANDS: &[Command] = &[
    Command {
        name: "import",
        synopsis: "yusuan import DOC [-o OUT.json]",
        about: "Reads a published 部门预算 / 部门决算 text and writes it as yusuan JSON (format yusuan/1)\n\
                to OUT.json, or to standard output. Import warnings go to stderr.",
        flags: &[],
        options: &[("-o", "--output")],
        run: cmd_import,
    },
    Command {
        name: "summary",
        synopsis: "yusuan summary FILE [--json]",
        about: "Prints the department, year, income and expenditure totals, 基本/项目 split, carry-over,\n\
                economic split, every 类/款/项 of the function table, last year's total and the audit counts.\n\
                --json: the same as JSON, every amount in 元 as an exact decimal string (null when absent).",
        flags: &["--json"],
        options: &[],
        run: cmd_summary,
    },
    Command {
        name: "audit",
        synopsis: "yusuan audit FILE [--json]",
        about: "Checks the document's arithmetic with exact decimals: one line per finding, grouped by\n\
                severity (error, warning, rounding), counts at the end. Exit status 1 when there are errors.\n\
                --json: {\"counts\": {...}, \"findings\": [{severity, check, where, expected, actual,\n\
                difference, unit, message, sources}]}, amounts in the finding's unit.",
        flags: &["--json"],
        options: &[],
        run: cmd_audit,
    },
    Command {
        name: "render",
        synopsis: "yusuan render FILE --chart KIND [-o OUT.svg|OUT.png] [--width W] [--height H] [--lang zh|en] [--theme light|dark] [--scale S] [--path ID/ID]",
        about: "Draws one chart natively, the same scene the web page draws: SVG (to standard output without -o),\n\
                or PNG when OUT ends in .png, at --scale device pixels per CSS pixel (default 2, for print).\n\
                KIND: composition, functions, projects, change, waterfall, sangong, balance, tasks.\n\
                --width/--height in CSS px (default 640×400), --path drills down (e.g. --path 208/20805 for functions).\n\
                PNG text uses the installed fonts; a warning names characters no font has (install fonts-wqy-microhei).",
        flags: &[],
        options: &[("-o", "--output"), ("-c", "--chart"), ("", "--width"), ("", "--height"), ("", "--lang"), ("", "--theme"), ("", "--scale"), ("", "--path")],
        run: cmd_render,
    },
    Command {
        name: "export",
        synopsis: "yusuan export FILE --format fdp|csv|json [-o OUT] [--chart KIND] [--lang zh|en]",
        about: "fdp:  a Fiscal Data Package in directory OUT (created if missing): datapackage.json with a Table Schema\n\
                \x20     (types, constraints, 类/款/项 hierarchy, unit factor, fiscal period, direction, phase) and\n\
                \x20     functions.csv, income.csv, economic.csv. Amounts exact, in the document's unit.\n\
                csv:  the function table (科目编码, 科目名称, 合计, 基本支出, 项目支出 with the unit in the header), or with\n\
                \x20     --chart KIND that chart's data table; a file gets a UTF-8 BOM so spreadsheets read Chinese.\n\
                \x20     `yusuan summary OUT.csv` reads it back.\n\
                json: yusuan JSON (as `yusuan import`).\n\
                Without -o, csv and json go to standard output.",
        flags: &[],
        options: &[("-o", "--output"), ("-f", "--format"), ("-c", "--chart"), ("", "--lang")],
        run: cmd_export,
    },
    Command {
        name: "survey",
        synopsis: "yusuan survey DIR [--json] [--require read=P,consistent=P,scanned=P]",
        about: "Reads every .pdf, .txt, .csv and .json file of DIR and prints one line per document: consistent\n\
                (name, total and 类 rows read, the 类 rows add up, no audit error), read, partial, prose-only (the\n\
                prose half of a two-file budget), scanned (no text layer), not-a-budget or refused, with the first\n\
                reason; then the tally. --require fails (exit 1) when a percentage is below its figure.",
        flags: &["--json"],
        options: &[("", "--require")],
        run: cmd_survey,
    },
];

/// Parsed command line of one subcommand.
struct Args {
    files: Vec<String>,
    flags: Vec<&'static str>,
    options: Vec<(&'static str, String)>,
}

impl Args {
    fn flag(&self, long: &str) -> bool {
        self.flags.contains(&long)
    }
    fn option(&self, long: &str) -> Option<&str> {
        self.options.iter().find(|(l, _)| *l == long).map(|(_, v)| v.as_str())
    }
    /// One file or more: several documents make one budget (北京's 附件1 and 附件2).
    fn files(&self, cmd: &Command) -> Result<&[String], Failure> {
        match self.files.as_slice() {
            [] => Err(Failure::usage(format!("{}: missing FILE (usage: {})", cmd.name, cmd.synopsis))),
            files => Ok(files),
        }
    }

    fn one_file(&self, cmd: &Command) -> Result<&str, Failure> {
        match self.files.as_slice() {
            [f] => Ok(f),
            [] => Err(Failure::usage(format!("{}: missing FILE (usage: {})", cmd.name, cmd.synopsis))),
            [_, extra, ..] => Err(Failure::usage(format!("{}: unexpected argument `{extra}` (usage: {})", cmd.name, cmd.synopsis))),
        }
    }
}

pub(crate) enum Outcome {
    Ok,
    /// The audit found errors (exit status 1).
    Findings,
}

/// A one-line message for stderr (exit status 2).
pub(crate) struct Failure(pub(crate) String);

impl Failure {
    pub(crate) fn usage(m: String) -> Self {
        Failure(format!("{m}; see `yusuan --help`"))
    }
}

pub fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let outcome = match args.iter().map(|a| a.to_str()).collect::<Option<Vec<&str>>>() {
        Some(args) => dispatch(&args),
        None => Err(Failure::usage("an argument is not valid UTF-8".into())),
    };
    match outcome {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(Failure(message)) => {
            // One line, whatever the message carried.
            let line = message.replace(['\n', '\r'], " ");
            let _ = writeln!(io::stderr(), "yusuan: {line}");
            ExitCode::from(2)
        }
    }
}

fn dispatch(args: &[&str]) -> Result<Outcome, Failure> {
    let Some((&first, rest)) = args.split_first() else {
        return Err(Failure::usage("no command given (yusuan import|summary|audit|render|export FILE)".into()));
    };
    match first {
        "-h" | "--help" => return print(USAGE).map(|_| Outcome::Ok),
        "help" => {
            return match rest.first() {
                None => print(USAGE).map(|_| Outcome::Ok),
                Some(name) => match find(name) {
                    Some(cmd) => print(&command_help(cmd)).map(|_| Outcome::Ok),
                    None => Err(Failure::usage(format!("unknown command `{name}`"))),
                },
            }
        }
        "-V" | "--version" => return print(&format!("yusuan {VERSION}\n")).map(|_| Outcome::Ok),
        _ => {}
    }
    let Some(cmd) = find(first) else {
        return Err(Failure::usage(if first.starts_with('-') {
            format!("unknown option `{first}`")
        } else {
            format!("unknown command `{first}` (commands: {})", COMMANDS.iter().map(|c| c.name).collect::<Vec<_>>().join(", "))
        }));
    };
    if rest.iter().take_while(|a| **a != "--").any(|a| *a == "-h" || *a == "--help") {
        return print(&command_help(cmd)).map(|_| Outcome::Ok);
    }
    let parsed = parse(cmd, rest)?;
    (cmd.run)(&parsed)
}

fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

fn command_help(cmd: &Command) -> String {
    format!("Usage: {}\n\n{}\n", cmd.synopsis, cmd.about)
}

fn parse(cmd: &'static Command, args: &[&str]) -> Result<Args, Failure> {
    let mut out = Args { files: Vec::new(), flags: Vec::new(), options: Vec::new() };
    let mut i = 0;
    let mut only_files = false;
    while let Some(&a) = args.get(i) {
        i += 1;
        if only_files || a == "-" || !a.starts_with('-') {
            out.files.push(a.to_string());
            continue;
        }
        if a == "--" {
            only_files = true;
            continue;
        }
        if let Some(&flag) = cmd.flags.iter().find(|f| **f == a) {
            out.flags.push(flag);
            continue;
        }
        // `-o X`, `-oX`, `--output X`, `--output=X`.
        let option = cmd.options.iter().find_map(|&(short, long)| {
            if a == short || a == long {
                Some((long, None))
            } else if let Some(v) = a.strip_prefix(long).and_then(|r| r.strip_prefix('=')) {
                Some((long, Some(v.to_string())))
            } else if short.is_empty() {
                None
            } else {
                a.strip_prefix(short).filter(|v| !v.is_empty() && !a.starts_with("--")).map(|v| (long, Some(v.to_string())))
            }
        });
        match option {
            Some((long, Some(v))) => out.options.push((long, v)),
            Some((long, None)) => {
                let Some(&v) = args.get(i) else {
                    return Err(Failure::usage(format!("{}: `{a}` needs a value", cmd.name)));
                };
                i += 1;
                out.options.push((long, v.to_string()));
            }
            None => return Err(Failure::usage(format!("{}: unknown option `{a}`", cmd.name))),
        }
    }
    Ok(out)
}

// ---- commands ----

fn cmd_import(args: &Args) -> Result<Outcome, Failure> {
    let cmd = find("import").ok_or_else(|| Failure("import".into()))?;
    let input = read_inputs(args.files(cmd)?)?;
    let budget = load(&input)?;
    let text = format!("{}\n", json::to_json(&budget));
    match args.option("--output") {
        None | Some("-") => print(&text)?,
        Some(path) => std::fs::write(path, text.as_bytes()).map_err(|e| Failure(format!("{path}: cannot write: {}", io_reason(&e))))?,
    }
    // After the output, so a failure stays the one line on stderr (a CSV's were told on reading).
    for w in budget.warnings.iter().filter(|_| !is_csv(&input)) {
        let at = if w.line > 0 { format!("line {}: ", w.line) } else { String::new() };
        let _ = writeln!(io::stderr(), "yusuan: {}: {at}warning: {}", input.name, w.message.replace(['\n', '\r'], " "));
    }
    Ok(Outcome::Ok)
}

fn cmd_survey(args: &Args) -> Result<Outcome, Failure> {
    let cmd = find("survey").ok_or_else(|| Failure("survey".into()))?;
    crate::survey::run(args.one_file(cmd)?, args.flag("--json"), args.option("--require"))
}

fn cmd_summary(args: &Args) -> Result<Outcome, Failure> {
    let cmd = find("summary").ok_or_else(|| Failure("summary".into()))?;
    let input = read_inputs(args.files(cmd)?)?;
    let s = summary(&load(&input)?);
    if args.flag("--json") {
        print(&format!("{}\n", to_pretty(&s)?))?;
    } else {
        print(&s.to_text())?;
    }
    Ok(Outcome::Ok)
}

fn cmd_audit(args: &Args) -> Result<Outcome, Failure> {
    let cmd = find("audit").ok_or_else(|| Failure("audit".into()))?;
    let input = read_inputs(args.files(cmd)?)?;
    let budget = load(&input)?;
    let mut findings = audit(&budget);
    // Grouped by severity (errors first), document order kept within a group.
    yusuan::order::by_position(&mut findings, |f| f.severity as usize);
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, rounding) = (count(Severity::Error), count(Severity::Warning), count(Severity::Rounding));
    if args.flag("--json") {
        #[derive(serde::Serialize)]
        struct Counts {
            error: usize,
            warning: usize,
            rounding: usize,
        }
        #[derive(serde::Serialize)]
        struct Report<'a> {
            department: &'a str,
            year: Option<i32>,
            counts: Counts,
            findings: &'a [Finding],
        }
        let report = Report {
            department: &budget.department,
            year: budget.year,
            counts: Counts { error: errors, warning: warnings, rounding },
            findings: &findings,
        };
        print(&format!("{}\n", to_pretty(&report)?))?;
    } else {
        print(&audit_text(&budget, &findings, [errors, warnings, rounding]))?;
    }
    Ok(if errors > 0 { Outcome::Findings } else { Outcome::Ok })
}

fn cmd_render(args: &Args) -> Result<Outcome, Failure> {
    let cmd = find("render").ok_or_else(|| Failure("render".into()))?;
    let input = read_inputs(args.files(cmd)?)?;
    let kind = chart_kind(args, cmd)?.ok_or_else(|| Failure::usage(format!("render: --chart KIND is required ({})", kinds())))?;
    let mut opts = chart_options(args)?;
    let size = |long: &str, default: f64| -> Result<f64, Failure> {
        match args.option(long) {
            None => Ok(default),
            Some(v) => match v.parse::<u32>() {
                Ok(n) if (100..=8000).contains(&n) => Ok(f64::from(n)),
                _ => Err(Failure::usage(format!("render: {long} `{v}`: a whole number of CSS px from 100 to 8000"))),
            },
        }
    };
    opts.width = size("--width", opts.width)?;
    opts.height = size("--height", opts.height)?;
    let theme = match args.option("--theme") {
        None | Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        Some(v) => return Err(Failure::usage(format!("render: --theme `{v}`: light or dark"))),
    };
    opts.theme = theme;
    if let Some(p) = args.option("--path") {
        opts.path = p.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
    }
    let scale = match args.option("--scale") {
        None => 2.0,
        Some(v) => match v.parse::<f64>() {
            Ok(s) if (0.5..=4.0).contains(&s) => s,
            _ => return Err(Failure::usage(format!("render: --scale `{v}`: a number from 0.5 to 4"))),
        },
    };
    let budget = load(&input)?;
    let scene = chart::build(kind, &budget, &opts, &chart::EstimateMeasure);
    let output = args.option("--output").filter(|o| *o != "-");
    let is_png = output.is_some_and(|o| o.to_lowercase().ends_with(".png"));
    if let Some(o) = output {
        let lower = o.to_lowercase();
        if !lower.ends_with(".svg") && !is_png {
            return Err(Failure::usage(format!("render: `{o}`: the output must end in .svg or .png")));
        }
    }
    if is_png {
        let image = png::to_png(&scene, theme, scale).map_err(|e| Failure(format!("{}: {e}", input.name)))?;
        let path = output.unwrap_or_default();
        write_file(path, &image.bytes)?;
        for w in &image.warnings {
            let _ = writeln!(io::stderr(), "yusuan: {path}: warning: {w}");
        }
    } else {
        let svg = yusuan::render::to_svg(&scene, theme);
        match output {
            None => print(&svg)?,
            Some(path) => write_file(path, svg.as_bytes())?,
        }
    }
    Ok(Outcome::Ok)
}

fn cmd_export(args: &Args) -> Result<Outcome, Failure> {
    let cmd = find("export").ok_or_else(|| Failure("export".into()))?;
    let input = read_inputs(args.files(cmd)?)?;
    let format = args.option("--format").ok_or_else(|| Failure::usage("export: --format fdp, csv or json is required".into()))?;
    if !matches!(format, "fdp" | "csv" | "json") {
        return Err(Failure::usage(format!("export: --format `{format}`: fdp, csv or json")));
    }
    let kind = chart_kind(args, cmd)?;
    if kind.is_some() && format != "csv" {
        return Err(Failure::usage("export: --chart goes with --format csv".into()));
    }
    let output = args.option("--output").filter(|o| *o != "-");
    let budget = load(&input)?;
    match format {
        "fdp" => {
            let dir = output.ok_or_else(|| Failure::usage("export: --format fdp needs -o DIR (the package's directory)".into()))?;
            let package = fdp::package(&budget);
            let dir_path = Path::new(dir);
            if dir_path.exists() && !dir_path.is_dir() {
                return Err(Failure(format!("{dir}: exists and is not a directory")));
            }
            std::fs::create_dir_all(dir_path).map_err(|e| Failure(format!("{dir}: cannot create: {}", io_reason(&e))))?;
            let mut listing = String::new();
            for f in &package.files {
                let path = dir_path.join(&f.path);
                let shown = path.display().to_string();
                write_file(&shown, f.text.as_bytes())?;
                listing.push_str(&format!("{shown}\n"));
            }
            print(&listing)?;
            for w in &package.warnings {
                let _ = writeln!(io::stderr(), "yusuan: {dir}: warning: {w}");
            }
        }
        "csv" => {
            let lang = lang_of(args)?;
            let csv = match kind {
                Some(k) => {
                    let opts = chart_options(args)?;
                    let scene = chart::build(k, &budget, &opts, &chart::EstimateMeasure);
                    if let Some(m) = scene.message.as_ref().filter(|_| scene.table.rows.is_empty()) {
                        return Err(Failure(format!("{}: {} chart: {m}", input.name, k.as_str())));
                    }
                    export::table_csv(&scene.table)
                }
                None => export::functions_csv(&budget, lang)
                    .ok_or_else(|| Failure(format!("{}: no function table (功能分类) to export", input.name)))?,
            };
            match output {
                None => print(&csv)?,
                Some(path) => write_file(path, format!("{}{csv}", export::UTF8_BOM).as_bytes())?,
            }
        }
        _ => {
            let text = format!("{}\n", json::to_json(&budget));
            match output {
                None => print(&text)?,
                Some(path) => write_file(path, text.as_bytes())?,
            }
        }
    }
    Ok(Outcome::Ok)
}

fn kinds() -> String {
    Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
}

fn chart_kind(args: &Args, cmd: &Command) -> Result<Option<Kind>, Failure> {
    match args.option("--chart") {
        None => Ok(None),
        Some(v) => Kind::parse(v)
            .map(Some)
            .ok_or_else(|| Failure::usage(format!("{}: unknown chart `{v}` (charts: {})", cmd.name, kinds()))),
    }
}

fn lang_of(args: &Args) -> Result<Lang, Failure> {
    match args.option("--lang") {
        None | Some("zh") => Ok(Lang::Zh),
        Some("en") => Ok(Lang::En),
        Some(v) => Err(Failure::usage(format!("--lang `{v}`: zh or en"))),
    }
}

fn chart_options(args: &Args) -> Result<chart::Options, Failure> {
    Ok(chart::Options { lang: lang_of(args)?, ..chart::Options::default() })
}

fn write_file(path: &str, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|e| Failure(format!("{path}: cannot write: {}", io_reason(&e))))
}

fn audit_text(budget: &Budget, findings: &[Finding], counts: [usize; 3]) -> String {
    let mut out = String::new();
    let year = budget.year.map_or(String::new(), |y| format!(" {y}"));
    out.push_str(&format!("{}{year}: {} finding{}\n", budget.department, findings.len(), plural(findings.len())));
    let groups = [(Severity::Error, "errors"), (Severity::Warning, "warnings"), (Severity::Rounding, "rounding notes")];
    for (severity, title) in groups {
        let group: Vec<&Finding> = findings.iter().filter(|f| f.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{title}:\n"));
        for f in group {
            // The audit's message carries the amounts (expected, actual, difference) itself.
            out.push_str(&format!("  {} [{}] {}: {}", label(severity), f.check, f.where_, f.message.replace(['\n', '\r'], " ")));
            out.push('\n');
        }
    }
    let [e, w, r] = counts;
    out.push_str(&format!("\n{e} error{}, {w} warning{}, {r} rounding note{}\n", plural(e), plural(w), plural(r)));
    out
}

fn label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Rounding => "rounding",
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

// ---- input and output ----

struct Input {
    /// As the user named it; `-` is shown as `<stdin>`; several files as `a.pdf + b.pdf`.
    name: String,
    /// Each file's name ("" for standard input) and bytes.
    files: Vec<(String, Vec<u8>)>,
    /// The reader the first file goes to: by the file's name, else by its content (`import::format_of`).
    format: Format,
}

fn read_inputs(paths: &[String]) -> Result<Input, Failure> {
    if paths.len() > yusuan::gate::MAX_FILES {
        return Err(Failure::usage(format!("{} files given: one budget is read from at most {}", paths.len(), yusuan::gate::MAX_FILES)));
    }
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        files.push(read_file(path)?);
    }
    let name = paths.iter().map(|p| if p == "-" { "<stdin>" } else { p.as_str() }).collect::<Vec<_>>().join(" + ");
    let format = files.first().map_or(Format::Text, |(n, b): &(String, Vec<u8>)| yusuan::import::format_of(n, b));
    Ok(Input { name, files, format })
}

fn read_file(path: &str) -> Result<(String, Vec<u8>), Failure> {
    let name = if path == "-" { "<stdin>".to_string() } else { path.to_string() };
    let cannot = |e: io::Error| Failure(format!("{name}: cannot read: {}", io_reason(&e)));
    let mut bytes = Vec::new();
    if path == "-" {
        io::stdin().lock().take(MAX_TEXT_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    } else {
        let file = File::open(path).map_err(cannot)?;
        if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            return Err(Failure(format!("{name}: is a directory, not a file")));
        }
        file.take(MAX_TEXT_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    }
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(Failure(format!("{name}: larger than {} MiB; not a budget document", MAX_TEXT_BYTES >> 20)));
    }
    Ok((if path == "-" { String::new() } else { path.to_string() }, bytes))
}

/// The budget of its files, through the library's one door (`import::read`, `import::read_files`
/// for several): the same reader, the same errors as the page.
fn load(input: &Input) -> Result<Budget, Failure> {
    let name = &input.name;
    let files: Vec<(&str, &[u8])> = input.files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let budget = yusuan::import::read_files(&files, &mut |_, _| {}).map_err(|e| Failure(format!("{name}: {e}")))?;
    if is_csv(input) {
        warn(name, &budget);
    }
    Ok(budget)
}

fn is_csv(input: &Input) -> bool {
    input.format == Format::Csv && input.files.len() == 1
}

/// A CSV's warnings (unit not stated, columns left out) go to stderr at once: they are about
/// how the file was read, which every command depends on.
fn warn(name: &str, budget: &Budget) {
    for w in &budget.warnings {
        let at = if w.line > 0 { format!("row {}: ", w.line) } else { String::new() };
        let _ = writeln!(io::stderr(), "yusuan: {name}: {at}warning: {}", w.message.replace(['\n', '\r'], " "));
    }
}

fn to_pretty<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value).map_err(|e| Failure(format!("cannot write JSON: {e}")))
}

/// Writes to stdout; a closed pipe (`yusuan … | head`) is not an error.
pub(crate) fn print(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure(format!("<stdout>: cannot write: {}", io_reason(&e)))),
    }
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "is a directory, not a file".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}
