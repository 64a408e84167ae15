//! Fiscal Data Package: `datapackage.json` and CSV resources that OpenSpending-style tools and
//! `frictionless validate` read.
//!
//! - `functions.csv`: every 类/款/项 line of the primary function table with the hierarchy spelled
//!   out (类, 款, 项 codes and names in columns of their own, `level` 1–3), 合计 / 基本 / 项目.
//! - `income.csv`: the income lines (收入), `depth` 0 for a top line and 1 for its sub-lines.
//! - `economic.csv`: 人员 / 公用 / 对个人和家庭的补助 / 项目.
//!
//! Amounts are written exactly as the model holds them (the printed digits and scale) in the
//! document's unit; each amount field states the unit's `factor` to 元 and the currency, as the
//! FDP measures do. The package is a plain `tabular-data-package` (so it validates offline) that
//! carries the FDP properties: `fiscalPeriod`, `countryCode`, `granularity`, a 0.3-style `model`
//! (measures with direction / phase / factor, the classification with `parent` links) and the
//! 1.0-style `columnType` on each field.

use super::write_row;
use crate::model::{Budget, DocKind, EconomicCategory, FunctionRow, Level, Source};
use crate::money::{convert, Unit};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// A written package: files relative to the package directory, and what could not be exported.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// `datapackage.json` first, then one CSV per resource.
    pub files: Vec<PackageFile>,
    /// Rows left out, with why (a code that is not 3, 5 or 7 digits …).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PackageFile {
    pub path: String,
    pub text: String,
}

/// Budget phase in FDP words: a 预算 is the approved budget, a 决算 the executed one.
pub fn phase(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Budget => "approved",
        DocKind::FinalAccounts => "executed",
    }
}

const CODE_PATTERN: &str = "^[0-9]{3}([0-9]{2}){0,2}$";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    profile: &'static str,
    name: String,
    title: String,
    description: String,
    country_code: &'static str,
    granularity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fiscal_period: Option<FiscalPeriod>,
    /// yusuan's own: the department, the document kind and its unit.
    department: String,
    document: &'static str,
    phase: &'static str,
    unit: &'static str,
    sources: Vec<Value>,
    resources: Vec<Resource>,
    model: Value,
}

#[derive(Serialize)]
struct FiscalPeriod {
    start: String,
    end: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Resource {
    profile: &'static str,
    name: &'static str,
    path: &'static str,
    title: String,
    description: String,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    schema: Schema,
    /// The table's printed 合计 row (functions only), exact decimal strings.
    #[serde(skip_serializing_if = "Option::is_none")]
    stated_total: Option<Value>,
}

impl Resource {
    /// A CSV resource of the package (`NAME.csv`): UTF-8, empty cells for missing values.
    fn csv(name: &'static str, path: &'static str, title: String, description: String, fields: Vec<Field>, key: &'static str) -> Self {
        Resource {
            profile: "tabular-data-resource",
            name,
            path,
            title,
            description,
            format: "csv",
            mediatype: "text/csv",
            encoding: "utf-8",
            schema: Schema { fields, primary_key: vec![key], missing_values: vec![""] },
            stated_total: None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Schema {
    fields: Vec<Field>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    primary_key: Vec<&'static str>,
    missing_values: Vec<&'static str>,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Field {
    name: &'static str,
    #[serde(rename = "type")]
    ty: &'static str,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    decimal_char: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bare_number: Option<bool>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    constraints: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'static str>,
    /// Multiply by this to get 元 (FDP `factor`).
    #[serde(skip_serializing_if = "Option::is_none")]
    factor: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    direction: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phase: Option<&'static str>,
}

fn string(name: &'static str, title: &str, description: &str) -> Field {
    Field {
        name,
        ty: "string",
        title: title.into(),
        description: description.into(),
        ..Field::default()
    }
}

fn integer(name: &'static str, title: &str, description: &str) -> Field {
    Field {
        name,
        ty: "integer",
        title: title.into(),
        description: description.into(),
        ..Field::default()
    }
}

/// An amount column: a bare decimal with `.`, in `unit`, `factor` to 元.
fn money(
    name: &'static str,
    title: &str,
    description: &str,
    unit: Unit,
    direction: &'static str,
    kind: DocKind,
) -> Field {
    Field {
        name,
        ty: "number",
        title: title.into(),
        description: format!(
            "{description} In {} ({}); × factor {} = 元.",
            unit.zh(),
            unit.en(),
            unit.factor()
        ),
        decimal_char: Some("."),
        bare_number: Some(true),
        column_type: Some("value"),
        currency: Some("CNY"),
        factor: Some(factor(unit)),
        unit: Some(unit.zh()),
        direction: Some(direction),
        phase: Some(phase(kind)),
        ..Field::default()
    }
}

impl Field {
    fn with(mut self, key: &str, value: Value) -> Self {
        self.constraints.insert(key.to_string(), value);
        self
    }
    fn required(self) -> Self {
        self.with("required", Value::Bool(true))
    }
    fn column_type(mut self, t: &'static str) -> Self {
        self.column_type = Some(t);
        self
    }
}

/// Writes the package of `budget`. Pure: the caller writes the files (the CLI into a directory).
pub fn package(budget: &Budget) -> Package {
    let mut warnings = Vec::new();
    let mut files = Vec::new();
    let mut resources = Vec::new();
    let mut measures = Map::new();
    let mut dimensions = Map::new();
    let kind = budget.kind;
    let year = budget.year;

    if let Some((resource, text)) = functions(budget, &mut warnings) {
        let unit = budget.functions().map_or(budget.unit, |t| t.unit);
        for m in ["amount", "basic", "project"] {
            measures.insert(m.to_string(), measure("functions", m, unit, "expenditure", kind));
        }
        if resource.schema.fields.iter().any(|f| f.name == "prior_amount") {
            let mut prior = measure("functions", "prior_amount", unit, "expenditure", kind);
            if let (Some(o), Some(y)) = (prior.as_object_mut(), year) {
                o.insert("fiscalYear".into(), json!(y - 1));
            }
            measures.insert("prior_amount".into(), prior);
        }
        let attr = |source: &str| json!({ "source": source, "resource": "functions" });
        dimensions.insert(
            "functional_classification".into(),
            json!({
                "dimensionType": "classification",
                "classificationType": "functional",
                "attributes": {
                    "class_code": attr("class_code"),
                    "class_name": { "source": "class_name", "resource": "functions", "labelfor": "class_code" },
                    "section_code": { "source": "section_code", "resource": "functions", "parent": "class_code" },
                    "section_name": { "source": "section_name", "resource": "functions", "labelfor": "section_code" },
                    "item_code": { "source": "item_code", "resource": "functions", "parent": "section_code" },
                    "item_name": { "source": "item_name", "resource": "functions", "labelfor": "item_code" },
                    "level": attr("level"),
                },
                "primaryKey": ["class_code", "section_code", "item_code"],
            }),
        );
        resources.push(resource);
        files.push(PackageFile {
            path: "functions.csv".into(),
            text,
        });
    }
    if let Some((resource, text, unit)) = income(budget) {
        measures.insert("income".into(), measure("income", "amount", unit, "revenue", kind));
        dimensions.insert(
            "income_line".into(),
            json!({
                "dimensionType": "classification",
                "attributes": {
                    "name": { "source": "name", "resource": "income" },
                    "parent": { "source": "parent", "resource": "income" },
                    "depth": { "source": "depth", "resource": "income" },
                },
                "primaryKey": ["parent", "name"],
            }),
        );
        resources.push(resource);
        files.push(PackageFile {
            path: "income.csv".into(),
            text,
        });
    }
    if let Some((resource, text, unit)) = economic(budget) {
        measures.insert(
            "economic".into(),
            measure("economic", "amount", unit, "expenditure", kind),
        );
        dimensions.insert(
            "economic_classification".into(),
            json!({
                "dimensionType": "classification",
                "classificationType": "economic",
                "attributes": {
                    "category": { "source": "category", "resource": "economic" },
                    "name": { "source": "name", "resource": "economic", "labelfor": "category" },
                },
                "primaryKey": "category",
            }),
        );
        resources.push(resource);
        files.push(PackageFile {
            path: "economic.csv".into(),
            text,
        });
    }
    if year.is_some() {
        dimensions.insert(
            "fiscal_year".into(),
            json!({ "dimensionType": "datetime", "attributes": { "year": { "source": "fiscal_year" } }, "primaryKey": "year" }),
        );
    }
    if !budget.department.is_empty() {
        dimensions.insert(
            "administrator".into(),
            json!({ "dimensionType": "entity", "attributes": { "name": { "constant": budget.department } }, "primaryKey": "name" }),
        );
    }
    if resources.is_empty() {
        warnings.push("the budget has no function table, income or economic lines: the package has no resource".into());
    }

    let doc = match kind {
        DocKind::Budget => "部门预算",
        DocKind::FinalAccounts => "部门决算",
    };
    let year_zh = year.map_or(String::new(), |y| format!("{y}年"));
    let descriptor = Descriptor {
        profile: "tabular-data-package",
        name: slug(budget),
        title: format!("{} {year_zh}{doc}", budget.department).trim().to_string(),
        description: format!(
            "{}{year_zh}{doc} ({}), exported by yusuan from the published text. Amounts are exact decimals as printed, \
             in the unit each amount field states (factor to 元); 类/款/项 subtotal rows are included, so sum one level only.",
            budget.department,
            match kind {
                DocKind::Budget => "department budget, approved",
                DocKind::FinalAccounts => "department final accounts, executed",
            }
        ),
        country_code: "CN",
        granularity: "aggregated",
        // China's fiscal year is the calendar year (预算法 第十八条).
        fiscal_period: year.map(|y| FiscalPeriod { start: format!("{y}-01-01"), end: format!("{y}-12-31") }),
        department: budget.department.clone(),
        document: match kind {
            DocKind::Budget => "budget",
            DocKind::FinalAccounts => "final_accounts",
        },
        phase: phase(kind),
        unit: budget.unit.zh(),
        sources: vec![json!({ "title": format!("{} {year_zh}{doc}", budget.department).trim().to_string() })],
        resources,
        model: json!({ "measures": measures, "dimensions": dimensions }),
    };
    // Only strings, integers and exact decimals (serialized as strings by rust_decimal's serde-str):
    // serialization cannot fail; an empty object would only hide a bug, so say so in a warning.
    let text = match serde_json::to_string_pretty(&descriptor) {
        Ok(t) => t + "\n",
        Err(e) => {
            warnings.push(format!("datapackage.json: {e}"));
            String::from("{}\n")
        }
    };
    files.insert(
        0,
        PackageFile {
            path: "datapackage.json".into(),
            text,
        },
    );
    Package { files, warnings }
}

/// `department-budget-2022`: a name in the Data Package's slug alphabet (the Chinese title is in `title`).
fn slug(budget: &Budget) -> String {
    let kind = match budget.kind {
        DocKind::Budget => "department-budget",
        DocKind::FinalAccounts => "department-final-accounts",
    };
    match budget.year {
        Some(y) => format!("{kind}-{y}"),
        None => kind.to_string(),
    }
}

/// 元 per unit, as a JSON number (the model's `Decimal` would serialize as a string).
fn factor(unit: Unit) -> u64 {
    match unit {
        Unit::Yuan => 1,
        Unit::Wanyuan => 10_000,
        Unit::Yiyuan => 100_000_000,
    }
}

fn measure(resource: &str, source: &str, unit: Unit, direction: &str, kind: DocKind) -> Value {
    json!({
        "source": source,
        "resource": resource,
        "currency": "CNY",
        "factor": factor(unit),
        "unit": unit.zh(),
        "direction": direction,
        "phase": phase(kind),
    })
}

fn year_field(year: Option<i32>) -> Field {
    let f =
        integer("fiscal_year", "年度 fiscal year", "The budget year (calendar year).").column_type("date:fiscal-year");
    if year.is_some() {
        f.required()
    } else {
        f
    }
}

fn line_field() -> Field {
    integer(
        "source_line",
        "来源行 source line",
        "Line of the imported text (or CSV row) the figures were read from.",
    )
    .with("minimum", json!(1))
}

fn num(v: Option<Decimal>) -> String {
    v.map(|d| d.to_string()).unwrap_or_default()
}

fn line_cell(s: &Source) -> String {
    if s.line > 0 {
        s.line.to_string()
    } else {
        String::new()
    }
}

fn year_cell(year: Option<i32>) -> String {
    year.map(|y| y.to_string()).unwrap_or_default()
}

fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    write_row(&mut out, header.iter().copied(), false);
    for r in rows {
        write_row(&mut out, r.iter().map(|s| s.as_str()), false);
    }
    out
}

fn functions(budget: &Budget, warnings: &mut Vec<String>) -> Option<(Resource, String)> {
    let table = budget.functions()?;
    let (unit, kind, year) = (table.unit, budget.kind, budget.year);
    let rows: Vec<(&FunctionRow, Level)> = table
        .rows
        .iter()
        .filter_map(|r| match r.level() {
            Some(l) => Some((r, l)),
            None => {
                warnings.push(format!(
                    "functions: line {} «{}» left out: code '{}' is not a 类/款/项 code (3, 5 or 7 digits)",
                    r.source.line, r.name, r.code
                ));
                None
            }
        })
        .collect();
    // The first row of each code names it (a code printed twice is reported, not duplicated).
    let mut seen: Vec<&str> = Vec::new();
    let mut kept: Vec<(&FunctionRow, Level)> = Vec::new();
    for (r, l) in rows {
        if seen.contains(&r.code.as_str()) {
            warnings.push(format!(
                "functions: line {} «{}» left out: code {} is printed twice",
                r.source.line, r.name, r.code
            ));
            continue;
        }
        seen.push(&r.code);
        kept.push((r, l));
    }
    let name_of = |code: &str| {
        kept.iter()
            .find(|(r, _)| r.code == code)
            .map(|(r, _)| r.name.clone())
            .unwrap_or_default()
    };
    let priors: Vec<Option<Decimal>> = kept.iter().map(|(r, _)| prior_of(budget, &r.code)).collect();
    let with_prior = priors.iter().any(Option::is_some);
    let all_totals = kept.iter().all(|(r, _)| r.total.is_some());

    let mut header = vec![
        "code",
        "name",
        "level",
        "class_code",
        "class_name",
        "section_code",
        "section_name",
        "item_code",
        "item_name",
        "amount",
        "basic",
        "project",
    ];
    if with_prior {
        header.push("prior_amount");
    }
    header.extend(["fiscal_year", "source_line"]);
    let cells: Vec<Vec<String>> = kept
        .iter()
        .zip(&priors)
        .map(|((r, level), prior)| {
            let code = r.code.as_str();
            // `level()` accepted the code: all ASCII digits, so byte slicing is on char boundaries.
            let class = code.get(..3).unwrap_or_default();
            let section = if *level >= Level::Section {
                code.get(..5).unwrap_or_default()
            } else {
                ""
            };
            let item = if *level == Level::Item { code } else { "" };
            let lv = match level {
                Level::Class => "1",
                Level::Section => "2",
                Level::Item => "3",
            };
            let named = |c: &str| if c.is_empty() { String::new() } else { name_of(c) };
            let mut row = vec![
                code.to_string(),
                r.name.clone(),
                lv.to_string(),
                class.to_string(),
                named(class),
                section.to_string(),
                named(section),
                item.to_string(),
                named(item),
                num(r.total),
                num(r.basic),
                num(r.project),
            ];
            if with_prior {
                row.push(num(*prior));
            }
            row.push(year_cell(year));
            row.push(line_cell(&r.source));
            row
        })
        .collect();

    let amount = money(
        "amount",
        "合计 total",
        "Expenditure of the line (合计).",
        unit,
        "expenditure",
        kind,
    );
    let mut fields = vec![
        string(
            "code",
            "科目编码 code",
            "Function-classification code (功能分类科目编码): 类 3 digits, 款 5, 项 7.",
        )
        .required()
        .with("unique", Value::Bool(true))
        .with("pattern", json!(CODE_PATTERN)),
        string("name", "科目名称 name", "The line's name as printed.").required(),
        integer(
            "level",
            "级次 level",
            "1 = 类 (class), 2 = 款 (section), 3 = 项 (item).",
        )
        .required()
        .with("minimum", json!(1))
        .with("maximum", json!(3)),
        string("class_code", "类 code", "The 类 (class) this line belongs to.")
            .required()
            .with("pattern", json!("^[0-9]{3}$"))
            .column_type("functional-classification:generic:level1:code"),
        string("class_name", "类 name", "Name of the 类, as its own line prints it.")
            .column_type("functional-classification:generic:level1:label"),
        string("section_code", "款 code", "The 款 (section), empty on a 类 line.")
            .with("pattern", json!("^[0-9]{5}$"))
            .column_type("functional-classification:generic:level2:code"),
        string("section_name", "款 name", "Name of the 款.")
            .column_type("functional-classification:generic:level2:label"),
        string("item_code", "项 code", "The 项 (item), on 项 lines only.")
            .with("pattern", json!("^[0-9]{7}$"))
            .column_type("functional-classification:generic:level3:code"),
        string("item_name", "项 name", "Name of the 项.").column_type("functional-classification:generic:level3:label"),
        if all_totals { amount.required() } else { amount },
        money(
            "basic",
            "基本支出 basic",
            "Basic expenditure (基本支出); empty when not printed.",
            unit,
            "expenditure",
            kind,
        ),
        money(
            "project",
            "项目支出 project",
            "Project expenditure (项目支出); empty when not printed.",
            unit,
            "expenditure",
            kind,
        ),
    ];
    if with_prior {
        fields.push(money(
            "prior_amount",
            "上年 prior year",
            "Last year's amount of the line, as stated.",
            unit,
            "expenditure",
            kind,
        ));
    }
    fields.push(year_field(year));
    fields.push(line_field());

    let stated_total = table.total.as_ref().map(|t| {
        json!({
            "amount": num(t.total),
            "basic": num(t.basic),
            "project": num(t.project),
            "unit": unit.zh(),
            "sourceLine": t.source.line,
        })
    });
    let resource = Resource {
        stated_total,
        ..Resource::csv(
            "functions",
            "functions.csv",
            format!("{} 支出功能分类 expenditure by function", table.title),
            format!(
                "Every 类/款/项 line of «{}» in printed order. 类 and 款 lines are subtotals of the lines below them: \
                 sum one level only.",
                table.title
            ),
            fields,
            "code",
        )
    };
    Some((resource, csv(&header, &cells)))
}

/// Last year's amount of a function line when the budget states one (`import_csv` files it as a
/// comparison with measure `Measure::Function`).
fn prior_of(budget: &Budget, code: &str) -> Option<Decimal> {
    budget
        .comparisons
        .iter()
        .find(|c| c.measure.function_code() == Some(code))
        .and_then(|c| c.prior.amount)
}

fn income(budget: &Budget) -> Option<(Resource, String, Unit)> {
    let first = budget.income.first()?;
    let unit = first.unit;
    let (kind, year) = (budget.kind, budget.year);
    let mut parent = String::new();
    let mut cells = Vec::new();
    for (i, l) in budget.income.iter().enumerate() {
        if l.depth == 0 {
            parent = l.name.clone();
        }
        let p = if l.depth == 0 { String::new() } else { parent.clone() };
        cells.push(vec![
            (i + 1).to_string(),
            l.name.clone(),
            l.depth.to_string(),
            p,
            convert(l.amount, l.unit, unit).to_string(),
            year_cell(year),
            line_cell(&l.source),
        ]);
    }
    let header = [
        "position",
        "name",
        "depth",
        "parent",
        "amount",
        "fiscal_year",
        "source_line",
    ];
    let fields = vec![
        integer("position", "序号 position", "Printed order, from 1.")
            .required()
            .with("unique", Value::Bool(true)),
        string("name", "收入项目 income line", "The income line as printed (收入).").required(),
        integer(
            "depth",
            "级次 depth",
            "0 = a top line (一、…), 1 = one of its sub-lines (1. …): sum one depth only.",
        )
        .required()
        .with("minimum", json!(0))
        .with("maximum", json!(1)),
        string(
            "parent",
            "上级 parent",
            "The top line a sub-line belongs to; empty on top lines.",
        ),
        money("amount", "金额 amount", "Income of the line.", unit, "revenue", kind).required(),
        year_field(year),
        line_field(),
    ];
    // Names may repeat across top lines; the printed position is unique whatever they are.
    let resource = Resource::csv(
        "income",
        "income.csv",
        "收入 income".into(),
        "The income side as printed (收支总表 / 收入总表).".into(),
        fields,
        "position",
    );
    Some((resource, csv(&header, &cells), unit))
}

fn category(c: EconomicCategory) -> &'static str {
    match c {
        EconomicCategory::Personnel => "personnel",
        EconomicCategory::Public => "public",
        EconomicCategory::Households => "households",
        EconomicCategory::Project => "project",
    }
}

fn economic(budget: &Budget) -> Option<(Resource, String, Unit)> {
    let first = budget.economic.first()?;
    let unit = first.unit;
    let (kind, year) = (budget.kind, budget.year);
    // One line per category: the first stated (the audit compares repeats).
    let mut lines = Vec::new();
    for l in &budget.economic {
        if !lines
            .iter()
            .any(|x: &&crate::model::EconomicLine| x.category == l.category)
        {
            lines.push(l);
        }
    }
    let cells: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            vec![
                category(l.category).to_string(),
                l.category.zh().to_string(),
                convert(l.amount, l.unit, unit).to_string(),
                year_cell(year),
                line_cell(&l.source),
            ]
        })
        .collect();
    let header = ["category", "name", "amount", "fiscal_year", "source_line"];
    let fields = vec![
        string(
            "category",
            "经济分类 category",
            "personnel 人员支出, public 公用支出, households 对个人和家庭的补助, project 项目支出.",
        )
        .required()
        .with("unique", Value::Bool(true))
        .with("enum", json!(["personnel", "public", "households", "project"]))
        .column_type("economic-classification:generic:level1:code"),
        string("name", "名称 name", "The category's Chinese name.")
            .required()
            .column_type("economic-classification:generic:level1:label"),
        money(
            "amount",
            "金额 amount",
            "Expenditure of the category.",
            unit,
            "expenditure",
            kind,
        )
        .required(),
        year_field(year),
        line_field(),
    ];
    let resource = Resource::csv(
        "economic",
        "economic.csv",
        "支出经济分类 expenditure by economic type".into(),
        "人员 / 公用 / 对个人和家庭的补助 / 项目 as stated.".into(),
        fields,
        "category",
    );
    Some((resource, csv(&header, &cells), unit))
}
