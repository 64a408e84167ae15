//! Importing the four real documents (every printed total, a sample of rows) and bad inputs.

use rust_decimal::Decimal;
use std::str::FromStr;
use yusuan::model::{Budget, DocKind, EconomicCategory, FunctionRow, FunctionTable, StatedTotal, TotalKind};
use yusuan::{import_text, Unit};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn import(name: &str) -> Budget {
    import_text(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn row<'a>(t: &'a FunctionTable, code: &str) -> &'a FunctionRow {
    t.rows.iter().find(|r| r.code == code).unwrap_or_else(|| panic!("{}: no row {code}", t.title))
}

/// The function table with this title.
fn table<'a>(b: &'a Budget, title: &str) -> &'a FunctionTable {
    b.function_tables.iter().find(|t| t.title == title).unwrap_or_else(|| panic!("no table «{title}»"))
}

/// (total, basic, project) of a row.
fn tbp(r: &FunctionRow) -> (Option<Decimal>, Option<Decimal>, Option<Decimal>) {
    (r.total, r.basic, r.project)
}

fn some(s: &str) -> Option<Decimal> {
    Some(d(s))
}

/// Every total of a kind stated by a table, as (amount, table).
fn totals(b: &Budget, kind: TotalKind) -> Vec<(Decimal, String)> {
    b.totals.iter().filter(|t| t.kind == kind).filter_map(|t| Some((t.amount, t.source.table.clone()?))).collect()
}

fn stated(b: &Budget, kind: TotalKind) -> &StatedTotal {
    b.stated(kind).unwrap_or_else(|| panic!("no {kind:?}"))
}

/// The text with one replacement on one line (1-based).
fn edit_line(text: &str, line: usize, from: &str, to: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    assert!(lines[line - 1].contains(from), "line {line}: {}", lines[line - 1]);
    lines[line - 1] = lines[line - 1].replacen(from, to, 1);
    lines.join("\n")
}

fn warned(b: &Budget, line: u32, needle: &str) -> bool {
    b.warnings.iter().any(|w| w.line == line && w.message.contains(needle))
}

// ---------------------------------------------------------------- seed: Futian 2022 (万元, tabs)

const SEED: &str = "futian-investment-2022.txt";

#[test]
fn seed_header_facts() {
    let b = import(SEED);
    assert_eq!(b.department, "深圳市福田区投资推广和企业服务中心");
    assert_eq!(b.year, Some(2022));
    assert_eq!(b.kind, DocKind::Budget);
    assert_eq!(b.unit, Unit::Wanyuan);
}

#[test]
fn seed_primary_function_table() {
    let b = import(SEED);
    let f = b.functions().unwrap();
    assert_eq!(f.title, "一般公共预算支出表（按功能分类）");
    assert_eq!(f.unit, Unit::Wanyuan);
    assert_eq!(f.rows.len(), 24, "both pages merged");
    let classes: Vec<&str> = f.rows.iter().filter(|r| r.code.len() == 3).map(|r| r.code.as_str()).collect();
    assert_eq!(classes, ["201", "208", "210", "215", "221"]);
    assert_eq!(tbp(row(f, "201")), (some("6301.32"), some("2495.06"), some("3806.26")));
    assert_eq!(tbp(row(f, "20113")), (some("1509.59"), some("21.33"), some("1488.26")));
    assert_eq!(tbp(row(f, "2019999")), (some("4791.73"), some("2473.73"), some("2318.00")));
    assert_eq!(tbp(row(f, "208")), (some("9638"), some("358"), some("9280")));
    assert_eq!(tbp(row(f, "20801")), (some("9280"), some("0"), some("9280")));
    let r = row(f, "2080505");
    assert_eq!(r.name, "机关事业单位基本养老保险缴费支出");
    assert_eq!(tbp(r), (some("162.56"), some("162.56"), some("0")));
    assert_eq!(r.source.line, 317);
    assert_eq!(r.source.table.as_deref(), Some("一般公共预算支出表（按功能分类）"));
    // Second page (line 329 on).
    assert_eq!(tbp(row(f, "2089999")), (some("0.70"), some("0.70"), some("0")));
    assert_eq!(row(f, "2089999").source.line, 330);
    assert_eq!(tbp(row(f, "210")), (some("68.01"), some("68.01"), some("0")));
    assert_eq!(tbp(row(f, "2101102")), (some("68.01"), some("68.01"), some("0")));
    assert_eq!(tbp(row(f, "215")), (some("28000"), some("0"), some("28000")));
    assert_eq!(tbp(row(f, "2150899")), (some("28000"), some("0"), some("28000")));
    assert_eq!(tbp(row(f, "221")), (some("342.81"), some("342.81"), some("0")));
    assert_eq!(tbp(row(f, "22102")), (some("342.81"), some("342.81"), some("0")));
    assert_eq!(row(f, "2210203").name, "购房补贴");
    assert_eq!(tbp(row(f, "2210203")), (some("109.16"), some("109.16"), some("0")));
    let t = f.total.as_ref().unwrap();
    assert_eq!(tbp(t), (some("44350"), some("3263.74"), some("41086.26")));
    assert_eq!(t.source.line, 306);
}

#[test]
fn seed_totals() {
    let b = import(SEED);
    assert_eq!(stated(&b, TotalKind::ExpenditureThisYear).amount, d("44350"));
    assert_eq!(stated(&b, TotalKind::IncomeThisYear).amount, d("44338"));
    assert_eq!(stated(&b, TotalKind::IncomeThisYear).source.line, 228);
    assert_eq!(stated(&b, TotalKind::CarryOverIn).amount, d("12"));
    assert_eq!(stated(&b, TotalKind::CarryOverIn).source.label, "上年结余、结转");
    assert_eq!(stated(&b, TotalKind::CarryOverOut).amount, d("0"));
    assert_eq!(stated(&b, TotalKind::IncomeGrand).amount, d("44350"));
    assert_eq!(stated(&b, TotalKind::ExpenditureGrand).amount, d("44350"));
    assert_eq!(stated(&b, TotalKind::Procurement).amount, d("19.50"));
    assert_eq!(stated(&b, TotalKind::Procurement).source.line, 246);
    // 支出总表 and the 按功能分类 合计 both state basic and project.
    assert_eq!(
        totals(&b, TotalKind::Basic),
        [(d("3263.74"), "支出总表".to_string()), (d("3263.74"), "一般公共预算支出表（按功能分类）".to_string())]
    );
    assert_eq!(totals(&b, TotalKind::Project).iter().map(|t| t.0).collect::<Vec<_>>(), [d("41086.26"), d("41086.26")]);
    assert_eq!(totals(&b, TotalKind::ExpenditureThisYear).len(), 4, "收支总表, 支出总表, 按功能分类 合计, 政府预算拨款收支总表");
    // The 政府预算拨款 table states fiscal funds only: its totals keep its title (the audit reads it as
    // their scope) and never stand for the department's.
    let fiscal: Vec<_> = b.totals.iter().filter(|t| t.source.table.as_deref() == Some("政府预算拨款收支总表")).collect();
    assert_eq!(fiscal.iter().find(|t| t.kind == TotalKind::IncomeThisYear).map(|t| t.amount), Some(d("44338")));
    assert_eq!(b.stated(TotalKind::IncomeThisYear).and_then(|t| t.source.table.as_deref()), Some("收支总表"));
}

#[test]
fn seed_income_lines() {
    let b = import(SEED);
    let lines: Vec<(&str, Decimal, u8)> = b.income.iter().map(|l| (l.name.as_str(), l.amount, l.depth)).collect();
    assert_eq!(
        lines,
        [
            ("政府预算拨款", d("44338"), 0),
            ("一般公共预算拨款", d("44338"), 1),
            ("政府性基金预算拨款", d("0"), 1),
            ("国有资本经营预算拨款", d("0"), 1),
            ("财政专户管理资金", d("0"), 0),
            ("上级补助收入", d("0"), 1),
            ("附属单位上缴收入", d("0"), 1),
            ("其他收入", d("0"), 1),
        ]
    );
    assert_eq!(b.income[0].source.line, 182);
}

#[test]
fn seed_two_sided_expenditure_gets_codes_by_name() {
    let b = import(SEED);
    let t = table(&b, "收支总表");
    assert_eq!(t.title, "收支总表");
    assert_eq!(t.rows.len(), 24, "three pages merged");
    // 款 / 项 printed without codes: matched class by class, in order (两个 其他一般公共服务支出).
    let codes: Vec<&str> = t.rows.iter().take(5).map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["201", "20113", "2011399", "20199", "2019999"]);
    assert_eq!(row(t, "208").total, some("9637.86"));
    assert_eq!(row(t, "20805").total, some("357.16"));
    assert_eq!(row(t, "2080506").source.line, 204);
    // Printed after 住房保障 here, matched all the same.
    assert_eq!(row(t, "215").total, some("28000"));
    assert_eq!(t.total.as_ref().unwrap().total, some("44350"));
    let fiscal = table(&b, "政府预算拨款收支总表");
    assert_eq!(fiscal.rows.len(), 24);
    assert!(fiscal.rows.iter().all(|r| !r.code.is_empty()));
    assert_eq!(row(fiscal, "2101102").source.line, 285);
}

#[test]
fn seed_function_tables_order_and_empty_funds() {
    let b = import(SEED);
    let titles: Vec<&str> = b.function_tables.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "一般公共预算支出表（按功能分类）",
            "收支总表",
            "政府预算拨款收支总表",
            "政府性基金预算支出表",
            "国有资本经营预算支出表"
        ]
    );
    let fund = table(&b, "政府性基金预算支出表");
    assert!(fund.rows.is_empty());
    assert_eq!(tbp(fund.total.as_ref().unwrap()), (some("0"), some("0"), some("0")));
}

#[test]
fn seed_sangong() {
    let b = import(SEED);
    assert_eq!(b.sangong.len(), 3);
    let y2021 = &b.sangong[0];
    assert_eq!((y2021.year, y2021.total), (Some(2021), some("17.76")));
    assert_eq!((y2021.abroad, y2021.reception, y2021.vehicles), (some("0"), some("6.75"), some("11.01")));
    assert_eq!((y2021.vehicle_purchase, y2021.vehicle_operation), (some("0"), some("11.01")));
    let y2022 = &b.sangong[1];
    assert_eq!(
        (y2022.year, y2022.total, y2022.reception, y2022.vehicles),
        (Some(2022), some("17.66"), some("6.65"), some("11.01"))
    );
    assert_eq!(y2022.unit, Unit::Wanyuan);
    assert_eq!(y2022.source.line, 353);
    let change = &b.sangong[2];
    assert_eq!((change.year, change.total, change.reception), (None, some("-0.10"), some("-0.10")));
}

#[test]
fn seed_performance_table() {
    let b = import(SEED);
    let p = b.performance.as_ref().unwrap();
    assert_eq!(p.tasks.len(), 21);
    let sum: Decimal = p.tasks.iter().map(|t| t.total).sum();
    assert_eq!(sum, d("44350.01"), "the document's own rounding");
    let stated = p.stated_total.as_ref().unwrap();
    assert_eq!((stated.amount, stated.source.line), (d("44350.00"), 418));
    let first = &p.tasks[0];
    assert_eq!(
        (first.name.as_str(), first.total, first.fiscal, first.other),
        ("企业人才建设", d("350.00"), some("350.00"), some("0.00"))
    );
    assert_eq!(first.description, "做好辖区高端人才交流学习。组织开展企业交流活动。");
    // After the page break (blank line 402).
    let yc = p.tasks.iter().find(|t| t.name == "英才荟经费").unwrap();
    assert_eq!((yc.total, yc.source.line), (d("9280.00"), 403));
    assert!(p.tasks.iter().any(|t| t.name == "投资推广事务" && t.total == d("180.00")));
    assert!(p.goal.starts_with("以习近平新时代中国特色社会主义思想为指导"));
    // Indicators: blank levels repeat the row above, across a page break.
    assert_eq!(p.indicators.len(), 52);
    let i = &p.indicators[4];
    assert_eq!(
        (i.level1.as_str(), i.level2.as_str(), i.name.as_str(), i.target.as_str()),
        ("产出", "数量", "活力评估支持对象数", "80 家")
    );
    let q = p.indicators.iter().find(|i| i.name == "研究课题验收通过率").unwrap();
    assert_eq!((q.level1.as_str(), q.level2.as_str(), q.target.as_str()), ("产出", "质量", "100%"));
    let e = p.indicators.iter().find(|i| i.name == "服务匹配推送率").unwrap();
    assert_eq!((e.level1.as_str(), e.level2.as_str()), ("效益", "经济效益"));
    let s = p.indicators.iter().find(|i| i.name == "人才满意度").unwrap();
    assert_eq!((s.level1.as_str(), s.level2.as_str(), s.target.as_str()), ("满意度", "服务对象满意度", "90%"));
    assert_eq!(s.source.line, 473);
}

#[test]
fn seed_missing_tables_and_warnings() {
    let b = import(SEED);
    assert_eq!(b.missing_tables, ["收入总表", "基本支出总表", "项目支出总表"]);
    assert!(warned(&b, 22, "收入总表"));
    assert!(warned(&b, 24, "基本支出总表"));
    assert!(warned(&b, 25, "项目支出总表"));
    // The seed states its economic split only in prose.
    assert!(b.economic.iter().all(|e| e.source.table.is_none()));
}

// ------------------------------------------------ Putuo commerce 2025 (元, spaces, vanished cells)

const COMMERCE: &str = "putuo-commerce-budget-2025.txt";

/// Warnings that name a table (messages start with the table title).
fn table_warnings<'a>(b: &'a Budget, title: &str) -> Vec<&'a yusuan::model::Warning> {
    b.warnings.iter().filter(|w| w.message.starts_with(title)).collect()
}

#[test]
fn commerce_header_facts() {
    let b = import(COMMERCE);
    assert_eq!(b.department, "上海市普陀区商务委员会");
    assert_eq!((b.year, b.kind, b.unit), (Some(2025), DocKind::Budget, Unit::Yuan));
    assert!(b.missing_tables.is_empty());
}

#[test]
fn commerce_vanished_cells_decided_by_arithmetic() {
    let b = import(COMMERCE);
    let f = b.functions().unwrap();
    assert_eq!(f.title, "2025年部门一般公共预算支出功能分类预算表");
    assert_eq!(f.rows.len(), 30, "both pages, repeated header skipped");
    let r = row(f, "2011301");
    assert_eq!(r.name, "行政运行");
    assert_eq!(tbp(r), (some("9389913.00"), some("9389913.00"), None));
    assert_eq!(r.source.line, 232);
    assert_eq!(tbp(row(f, "2011302")), (some("4545000.00"), None, some("4545000.00")));
    assert_eq!(tbp(row(f, "2011350")), (some("2901820.00"), some("2901820.00"), None));
    assert_eq!(tbp(row(f, "2011399")), (some("4765000.00"), None, some("4765000.00")));
    assert_eq!(tbp(row(f, "201")), (some("21601733.00"), some("12291733.00"), some("9310000.00")));
    // Classes decided at the 合计 row; their 款 and 项 follow them.
    for (code, basic) in [
        ("206", false),
        ("2060503", false),
        ("208", true),
        ("2080599", true),
        ("210", true),
        ("215", false),
        ("216", false),
        ("2169999", false),
        ("221", true),
        ("2210203", true),
    ] {
        let r = row(f, code);
        let (b_, p_) = if basic { (r.total, None) } else { (None, r.total) };
        assert_eq!((r.basic, r.project), (b_, p_), "{code}");
    }
    // The row after the page break and its repeated header.
    assert_eq!(row(f, "2080599").source.line, 248);
    let t = f.total.as_ref().unwrap();
    assert_eq!(tbp(t), (some("371514655.00"), some("19830655.00"), some("351684000.00")));
    assert_eq!(t.source.line, 263);
    assert!(table_warnings(&b, &f.title).is_empty(), "{:?}", table_warnings(&b, &f.title));
    // The same arithmetic on 支出预算总表.
    let e = table(&b, "2025年部门支出预算总表");
    assert_eq!(tbp(row(e, "2011301")), (some("9389913.00"), some("9389913.00"), None));
    assert_eq!(tbp(row(e, "2011302")), (some("4545000.00"), None, some("4545000.00")));
}

#[test]
fn commerce_glued_lines_are_not_lost() {
    let b = import(COMMERCE);
    // `…1,410,886.00\f208 05 06 机关事业单位职业年金缴费支出 705,443.00 705,443.00` on line 162 and 197.
    let income = table(&b, "2025年部门收入预算总表");
    let r = row(income, "2080506");
    assert_eq!((r.name.as_str(), r.total, r.source.line), ("机关事业单位职业年金缴费支出", some("705443.00"), 162));
    assert_eq!(row(income, "2080505").total, some("1410886.00"));
    assert_eq!(income.rows.len(), 30);
    let e = table(&b, "2025年部门支出预算总表");
    assert_eq!(
        (row(e, "2080506").total, row(e, "2080506").basic, row(e, "2080506").source.line),
        (some("705443.00"), some("705443.00"), 197)
    );
    let f = b.functions().unwrap();
    assert_eq!(tbp(row(f, "2080506")), (some("705443.00"), some("705443.00"), None));
    // A table title glued to the last row of the table before.
    assert_eq!(income.total.as_ref().unwrap().total, some("371514655.00"));
    assert_eq!(income.total.as_ref().unwrap().source.line, 178);
}

#[test]
fn commerce_two_sided_and_totals() {
    let b = import(COMMERCE);
    let lines: Vec<(&str, Decimal, u8, u32)> =
        b.income.iter().map(|l| (l.name.as_str(), l.amount, l.depth, l.source.line)).collect();
    // 2. 政府性基金 … 四、其他收入 are blank: absent, not zero.
    assert_eq!(lines, [("财政拨款收入", d("371514655.00"), 0, 136), ("一般公共预算资金", d("371514655.00"), 1, 137)]);
    assert_eq!(stated(&b, TotalKind::IncomeGrand).amount, d("371514655.00"));
    assert_eq!(stated(&b, TotalKind::IncomeGrand).source.line, 143);
    assert_eq!(stated(&b, TotalKind::ExpenditureGrand).amount, d("371514655.00"));
    assert_eq!(stated(&b, TotalKind::IncomeThisYear).amount, d("371514655.00"));
    assert_eq!(stated(&b, TotalKind::ExpenditureThisYear).amount, d("371514655.00"));
    assert_eq!(
        totals(&b, TotalKind::Basic).iter().map(|t| t.0).collect::<Vec<_>>(),
        [d("19830655.00"), d("19830655.00")]
    );
    assert_eq!(
        totals(&b, TotalKind::Project).iter().map(|t| t.0).collect::<Vec<_>>(),
        [d("351684000.00"), d("351684000.00")]
    );
    // The expenditure side: 类 rows, income blank on the same line told apart by label.
    let o = table(&b, "2025年部门财务收支预算总表");
    let codes: Vec<&str> = o.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["201", "206", "208", "210", "215", "216", "221"]);
    assert_eq!((row(o, "208").total, row(o, "208").source.line), (some("3808085.00"), 138));
    assert_eq!(row(o, "215").total, some("293810000.00"));
    let fiscal = table(&b, "2025年部门财政拨款收支预算总表");
    assert_eq!(fiscal.rows.len(), 7);
    assert_eq!((row(fiscal, "210").total, row(fiscal, "210").source.line), (some("881803.00"), 220));
    assert!(table_warnings(&b, "2025年部门财务收支预算总表").is_empty());
}

#[test]
fn commerce_economic_sangong_and_empty_tables() {
    let b = import(COMMERCE);
    let econ: Vec<(EconomicCategory, Decimal, u32)> =
        b.economic.iter().map(|e| (e.category, e.amount, e.source.line)).collect();
    assert_eq!(
        econ,
        [
            (EconomicCategory::Personnel, d("18120593.00"), 312),
            (EconomicCategory::Public, d("1710062.00"), 312),
            (EconomicCategory::Project, d("351684000.00"), 263),
        ]
    );
    // `1.00 1.00 171.01` under 合计 / 出国 / 公务用车 … / 接待 / 机关运行经费: the total is certain,
    // which of 出国 and 接待 holds 1.00 is not — until the sentences say 因公出国（境）费0万元 and
    // 公务接待费1.00万元 (lines 322–326), which only one placement agrees with.
    assert_eq!(b.sangong.len(), 1);
    let s = &b.sangong[0];
    assert_eq!((s.year, s.total, s.unit, s.source.line), (Some(2025), some("1.00"), Unit::Wanyuan, 320));
    assert_eq!((s.abroad, s.reception, s.vehicles), (None, some("1.00"), None));
    assert!(warned(&b, 320, "放入各栏有 2 种可能；保留正文“三公”经费说明（第 322–326 行）所述的那一种"));
    // Without those sentences the line stays unsettled: only the certain total is kept.
    let text = fixture("putuo-commerce-budget-2025.txt");
    let cut: Vec<&str> = text.lines().enumerate().map(|(i, l)| if (321..326).contains(&i) { "" } else { l }).collect();
    let cut = cut.join("\n");
    let u = import_text(&cut).unwrap();
    let s = &u.sangong[0];
    assert_eq!((s.total, s.abroad, s.reception), (some("1.00"), None, None));
    assert!(warned(&u, 320, "因公出国（境）费、公务接待费"));
    for title in ["2025年部门政府性基金预算支出功能分类预算表", "2025年部门国有资本经营预算支出功能分类预算表"]
    {
        let t = table(&b, title);
        assert!(t.rows.is_empty());
        assert_eq!(t.total.as_ref().map(|r| r.total), Some(None), "合计 printed, blank");
    }
}

// ------------------------------------------------------------------ Putuo government office 2025

const GOVOFFICE: &str = "putuo-govoffice-budget-2025.txt";

#[test]
fn govoffice_tables() {
    let b = import(GOVOFFICE);
    assert_eq!(b.department, "上海市普陀区人民政府办公室");
    assert_eq!((b.year, b.kind, b.unit), (Some(2025), DocKind::Budget, Unit::Yuan));
    assert_eq!(stated(&b, TotalKind::IncomeGrand).amount, d("91016775.35"));
    assert_eq!(stated(&b, TotalKind::ExpenditureGrand).amount, d("91016775.35"));
    assert_eq!(stated(&b, TotalKind::IncomeThisYear).amount, d("91016775.35"));
    assert_eq!(stated(&b, TotalKind::ExpenditureThisYear).amount, d("91016775.35"));
    assert_eq!(stated(&b, TotalKind::ExpenditureThisYear).source.line, 147);
    assert_eq!(stated(&b, TotalKind::Basic).amount, d("24606775.35"));
    assert_eq!(stated(&b, TotalKind::Project).amount, d("66410000.00"));
    let f = b.functions().unwrap();
    assert_eq!(f.rows.len(), 20);
    assert_eq!(tbp(row(f, "2010301")), (some("12029501.84"), some("11919501.84"), some("110000.00")));
    assert_eq!(tbp(row(f, "2010302")), (some("46140000.00"), None, some("46140000.00")));
    assert_eq!(tbp(row(f, "2010399")), (some("20120000.00"), None, some("20120000.00")));
    assert_eq!(tbp(row(f, "208")), (some("4213779.28"), some("4213779.28"), None));
    // `210 卫生健康支出 …` glued to the repeated header after a page break (line 173).
    assert_eq!((row(f, "210").basic, row(f, "210").source.line), (some("1097073.43"), 173));
    assert_eq!(tbp(f.total.as_ref().unwrap()), (some("91016775.35"), some("24606775.35"), some("66410000.00")));
    // `…14,820.00\f210 卫生健康支出 …` in the income and expenditure tables.
    assert_eq!(row(table(&b, "2025年部门收入预算总表"), "210").source.line, 114);
    assert_eq!(row(table(&b, "2025年部门支出预算总表"), "210").source.line, 139);
    // `一、一般公共预算资金 91,016,775.35一、一般公共服务支出 …`: amount glued to the next label.
    let fiscal = table(&b, "2025年部门财政拨款收支预算总表");
    assert_eq!((row(fiscal, "201").total, row(fiscal, "201").source.line), (some("82096797.42"), 151));
    let lines: Vec<(&str, Decimal)> = b.income.iter().map(|l| (l.name.as_str(), l.amount)).collect();
    assert_eq!(lines, [("财政拨款收入", d("91016775.35")), ("一般公共预算资金", d("91016775.35"))]);
    let econ: Vec<(EconomicCategory, Decimal)> = b.economic.iter().map(|e| (e.category, e.amount)).collect();
    assert_eq!(
        econ,
        [
            (EconomicCategory::Personnel, d("22473997.81")),
            (EconomicCategory::Public, d("2132777.54")),
            (EconomicCategory::Project, d("66410000.00"))
        ]
    );
    // `867.50 839.00 28.50 213.28` fits the columns one way only.
    assert_eq!(b.sangong.len(), 1);
    let s = &b.sangong[0];
    assert_eq!((s.total, s.abroad, s.reception, s.vehicles), (some("867.50"), some("839.00"), some("28.50"), None));
    assert!(b.warnings.iter().all(|w| !w.message.starts_with("2025年")), "{:?}", b.warnings);
}

// ------------------------------------------------------------------- Putuo finance 决算 2024 (万元)

const FINAL: &str = "putuo-finance-final-accounts-2024.txt";

#[test]
fn final_accounts_header_and_totals() {
    let b = import(FINAL);
    assert_eq!(b.department, "上海市普陀区财政局");
    assert_eq!((b.year, b.kind, b.unit), (Some(2024), DocKind::FinalAccounts, Unit::Wanyuan));
    let s = |k| {
        let t = stated(&b, k);
        (t.amount, t.source.line)
    };
    assert_eq!(s(TotalKind::IncomeThisYear), (d("2946.25"), 123));
    assert_eq!(s(TotalKind::ExpenditureThisYear), (d("2940.05"), 123));
    assert_eq!(s(TotalKind::CarryOverIn), (d("49.14"), 126));
    assert_eq!(s(TotalKind::CarryOverOut), (d("55.34"), 126));
    assert_eq!(s(TotalKind::IncomeGrand), (d("2995.39"), 127));
    assert_eq!(s(TotalKind::ExpenditureGrand), (d("2995.39"), 127));
    assert_eq!(totals(&b, TotalKind::Basic).iter().map(|t| t.0).collect::<Vec<_>>(), [d("2336.91"), d("2336.91")]);
    assert_eq!(totals(&b, TotalKind::Project).iter().map(|t| t.0).collect::<Vec<_>>(), [d("603.14"), d("603.14")]);
    // The fiscal table's carry-over (年初财政拨款结转和结余 21.63) keeps its title: not the department's.
    assert_eq!(
        totals(&b, TotalKind::CarryOverIn),
        [(d("49.14"), "收入支出决算总表".to_string()), (d("21.63"), "财政拨款收入支出决算总表".to_string())]
    );
    assert_eq!(
        totals(&b, TotalKind::IncomeGrand),
        [(d("2995.39"), "收入支出决算总表".to_string()), (d("2961.68"), "财政拨款收入支出决算总表".to_string())]
    );
    let lines: Vec<(&str, Decimal, u8)> = b.income.iter().map(|l| (l.name.as_str(), l.amount, l.depth)).collect();
    assert_eq!(lines, [("一般公共预算财政拨款收入", d("2940.05"), 0), ("其他收入", d("6.20"), 0)]);
    assert!(b.missing_tables.is_empty());
}

#[test]
fn final_accounts_function_tables() {
    let b = import(FINAL);
    let f = b.functions().unwrap();
    assert_eq!(f.title, "一般公共预算财政拨款支出决算表");
    let r = row(f, "2080505");
    assert_eq!(
        (r.name.as_str(), r.total, r.basic, r.project),
        ("机关事业单位基本养老保险缴费支出", some("160.75"), some("160.75"), None)
    );
    assert_eq!(tbp(row(f, "2010601")), (some("1511.89"), some("1503.52"), some("8.37")));
    assert_eq!(tbp(row(f, "2010602")), (some("10.00"), None, some("10.00")));
    // Classes placed at the 合计 row within the table's own rounding (833.40 vs 833.39).
    assert_eq!(tbp(row(f, "208")), (some("326.72"), some("326.72"), None));
    assert_eq!(tbp(row(f, "221")), (some("445.69"), some("445.69"), None));
    assert_eq!(tbp(f.total.as_ref().unwrap()), (some("2940.05"), some("2336.91"), some("603.14")));
    // Names wrapped onto the line above the code, rejoined.
    let income = table(&b, "收入决算表");
    let r = row(income, "2080505");
    assert_eq!((r.name.as_str(), r.total, r.source.line), ("机关事业单位基本养老保险缴费支出", some("160.75"), 148));
    assert_eq!(row(income, "2080506").name, "机关事业单位职业年金缴费支出");
    assert_eq!(row(income, "2010601").total, some("1511.90"));
    assert_eq!(row(income, "2101101").source.line, 155);
    assert_eq!(income.total.as_ref().unwrap().total, some("2946.25"));
    let e = table(&b, "支出决算表");
    let r = row(e, "2080505");
    assert_eq!((r.name.as_str(), r.basic, r.source.line), ("机关事业单位基本养老保险缴费支出", some("160.75"), 180));
    assert_eq!(row(e, "2080506").name, "机关事业单位职业年金缴费支出");
    assert_eq!(tbp(row(e, "2010608")), (some("449.52"), None, some("449.52")));
    // The two-sided tables: only the 类 that print an amount.
    let o = table(&b, "收入支出决算总表");
    let got: Vec<(&str, Option<Decimal>)> = o.rows.iter().map(|r| (r.code.as_str(), r.total)).collect();
    assert_eq!(
        got,
        [("201", some("2106.66")), ("208", some("326.71")), ("210", some("60.99")), ("221", some("445.69"))]
    );
    let fiscal = table(&b, "财政拨款收入支出决算总表");
    assert_eq!(fiscal.rows.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["201", "208", "210", "221"]);
    assert_eq!(row(fiscal, "221").source.line, 229);
    for t in ["政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款收入支出决算表"]
    {
        assert!(table(&b, t).rows.is_empty());
    }
}

#[test]
fn final_accounts_economic_and_sangong() {
    let b = import(FINAL);
    let econ: Vec<(EconomicCategory, Decimal, u32)> =
        b.economic.iter().filter(|e| e.source.table.is_some()).map(|e| (e.category, e.amount, e.source.line)).collect();
    assert_eq!(econ, [(EconomicCategory::Personnel, d("2152.26"), 364), (EconomicCategory::Public, d("184.65"), 364)]);
    // Its classes are printed two per line: said once, not guessed.
    assert!(warned(&b, 286, "只读取了人员经费 / 公用经费的合计"));
    // `0.95 0.95` under 预算数 / 决算数 pairs: 预算 or 决算 cannot be told, so nothing is kept.
    assert!(b.sangong.is_empty());
    assert!(warned(&b, 375, "放入各栏有 4 种可能"));
}

// ------------------------------------------------------------------ what each fixture warns about

/// Warnings of the table reader: they start with the table's title (`…表：` or `…表（按…）：`), or are about the 目录.
fn table_warning_lines(b: &Budget) -> Vec<(u32, String)> {
    b.warnings
        .iter()
        .filter(|w| {
            w.message.split('：').next().is_some_and(|p| p.contains('表') && (p.ends_with('表') || p.ends_with('）')))
                || w.message.contains("目录")
        })
        .map(|w| (w.line, w.message.chars().take(24).collect()))
        .collect()
}

#[test]
fn each_fixture_warns_about_exactly_what_it_cannot_read() {
    let lines = |name| table_warning_lines(&import(name)).into_iter().map(|(l, _)| l).collect::<Vec<u32>>();
    // The seed: three tables of the 目录 not printed.
    assert_eq!(lines(SEED), [22, 24, 25]);
    // Putuo commerce: which of 出国 / 接待 holds 1.00.
    assert_eq!(lines(COMMERCE), [320]);
    assert_eq!(lines(GOVOFFICE), Vec::<u32>::new());
    // 决算: the economic table printed two classes per line; the 三公 预算数 / 决算数 pairs.
    assert_eq!(lines(FINAL), [286, 375]);
}

// ------------------------------------------------------------------------ other layout variants

#[test]
fn codes_in_cells_of_their_own_and_a_table_without_unit_line() {
    let text = "2023年某某市某某局部门预算\n\
                表一\n\
                一般公共预算支出表\n\
                科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出\n\
                201\t\t\t一般公共服务支出\t10.00\t4.00\t6.00\n\
                201\t06\t\t财政事务\t10.00\t4.00\t6.00\n\
                201\t06\t01\t行政运行\t4.00\t4.00\t0\n\
                201\t06\t02\t一般行政管理事务\t6.00\t\t6.00\n\
                合计\t\t\t\t10.00\t4.00\t6.00\n";
    let b = import_text(text).unwrap();
    let f = b.functions().unwrap();
    assert_eq!(f.title, "一般公共预算支出表");
    let codes: Vec<&str> = f.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["201", "20106", "2010601", "2010602"]);
    assert_eq!(tbp(row(f, "2010602")), (some("6.00"), None, some("6.00")));
    assert_eq!(tbp(f.total.as_ref().unwrap()), (some("10.00"), some("4.00"), some("6.00")));
    assert_eq!(f.unit, Unit::Wanyuan, "no 单位 printed: the default");
    assert_eq!(stated(&b, TotalKind::Basic).amount, d("4.00"));
}

#[test]
fn pages_of_a_table_merge_across_a_page_note() {
    let text = "某某局2023年部门预算\n\
                一般公共预算支出表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
                201\t一般公共服务支出\t10.00\t10.00\t0\n\
                注：本页金额单位转换时可能存在尾数误差。\n第 1 页\n\
                一般公共预算支出表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
                208\t社会保障和就业支出\t5.00\t5.00\t0\n\
                合计\t\t15.00\t15.00\t0\n";
    let b = import_text(text).unwrap();
    assert_eq!(b.function_tables.len(), 1);
    let f = &b.function_tables[0];
    assert_eq!(f.rows.iter().map(|r| (r.code.as_str(), r.source.line)).collect::<Vec<_>>(), [("201", 5), ("208", 11)]);
    assert_eq!(f.total.as_ref().unwrap().total, some("15.00"));
    assert_eq!(b.year, Some(2023));
}

#[test]
fn households_only_where_the_economic_table_gives_them_a_column() {
    let text = "一般公共预算基本支出表\n单位：万元\n科目编码\t科目名称\t合计\t人员支出\t公用支出\t对个人和家庭的补助\n\
                301\t工资福利支出\t60.00\t60.00\t\t\n302\t商品和服务支出\t30.00\t\t30.00\t\n303\t对个人和家庭的补助\t10.00\t\t\t10.00\n\
                合计\t\t100.00\t60.00\t30.00\t10.00\n";
    let b = import_text(text).unwrap();
    let econ: Vec<(EconomicCategory, Decimal)> = b.economic.iter().map(|e| (e.category, e.amount)).collect();
    assert_eq!(
        econ,
        [
            (EconomicCategory::Personnel, d("60.00")),
            (EconomicCategory::Public, d("30.00")),
            (EconomicCategory::Households, d("10.00"))
        ]
    );
}

#[test]
fn a_lone_two_sided_label_is_placed_by_its_words() {
    // Space-separated, blank cells vanished: expenditure rows alone, an income row alone.
    let text = "2025年部门财务收支预算总表\n编制部门：某某局 单位：元\n本年收入 本年支出\n项目 预算数 项目 预算数\n\
                一、财政拨款收入 100.00 一、一般公共服务支出 60.00\n\
                二、事业收入 20.00\n\
                二、教育支出 60.00\n\
                2. 政府性基金 教育管理事务 60.00\n\
                收入总计 120.00 支出总计 120.00\n";
    let b = import_text(text).unwrap();
    let lines: Vec<(&str, Decimal)> = b.income.iter().map(|l| (l.name.as_str(), l.amount)).collect();
    assert_eq!(lines, [("财政拨款收入", d("100.00")), ("事业收入", d("20.00"))]);
    let t = &b.function_tables[0];
    let rows: Vec<(&str, Option<Decimal>)> = t.rows.iter().map(|r| (r.name.as_str(), r.total)).collect();
    assert_eq!(
        rows,
        [("一般公共服务支出", some("60.00")), ("教育支出", some("60.00")), ("教育管理事务", some("60.00"))]
    );
    // No primary table to take codes from: the 类 take theirs by name from the function
    // classification; the row under them stays without one, and without a warning.
    let codes: Vec<&str> = t.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["201", "205", ""]);
    assert_eq!(b.department, "某某局");
    assert_eq!(stated(&b, TotalKind::ExpenditureGrand).amount, d("120.00"));
}

// ------------------------------------------------------------------------------------ bad input

#[test]
fn empty_input_is_refused() {
    for t in ["", "  \n\n\t\n", "\u{feff}", "\r\n\r\n"] {
        let e = import_text(t).unwrap_err();
        assert_eq!(e.line, 0);
        assert!(e.message.contains("输入为空"), "{e}");
    }
}

#[test]
fn binary_input_is_refused_with_its_line() {
    let mut t = fixture(SEED);
    let at = t.match_indices('\n').nth(9).unwrap().0 + 1; // start of line 11
    t.insert(at, '\0');
    let e = import_text(&t).unwrap_err();
    assert_eq!(e.line, 11);
    assert!(e.to_string().starts_with("第 11 行：二进制数据"), "{e}");
    let noise: String = (0..400u32).map(|i| char::from_u32(1 + i % 8).unwrap()).collect();
    let e = import_text(&format!("收支总表\n{noise}")).unwrap_err();
    assert!(e.message.contains("二进制数据"), "{e}");
}

#[test]
fn prose_that_is_no_budget_is_refused() {
    let e =
        import_text("今天天气很好。我们去公园散步，看见很多人在跑步。\nThe quick brown fox jumps over the lazy dog.\n")
            .unwrap_err();
    assert!(e.message.contains("未找到预算表") && e.message.contains("未找到文件标题"), "{e}");
    // A 目录 entry alone is not a table.
    let e = import_text("目录\n(一) 收支总表\n(二) 收入总表\n").unwrap_err();
    assert!(e.message.contains("未找到预算表"), "{e}");
}

#[test]
fn oversized_input_is_refused() {
    let big = "一".repeat(yusuan::import::MAX_BYTES / 3 + 1);
    let e = import_text(&big).unwrap_err();
    assert!(e.message.contains("8 MiB"), "{e}");
}

#[test]
fn a_title_without_tables_is_read_with_a_warning() {
    let b = import_text("2024年某某市某某局部门预算\n\n第一部分 部门概况\n").unwrap();
    assert_eq!((b.department.as_str(), b.year), ("某某市某某局", Some(2024)));
    assert!(b.warnings.iter().any(|w| w.message.contains("文本中未找到表格")));
    assert!(b.function_tables.is_empty());
}

#[test]
fn crlf_bom_and_cr_give_the_same_budget() {
    let plain = import(SEED);
    let crlf = format!("\u{feff}{}", fixture(SEED).replace('\n', "\r\n"));
    assert_eq!(import_text(&crlf).unwrap(), plain);
    let cr = fixture(SEED).replace('\n', "\r");
    assert_eq!(import_text(&cr).unwrap(), plain);
    // Full-width spaces read as spaces.
    let wide = fixture(COMMERCE).replace("201 13 01 行政运行", "201\u{3000}13\u{3000}01\u{3000}行政运行");
    let b = import_text(&wide).unwrap();
    assert_eq!(row(b.functions().unwrap(), "2011301").basic, some("9389913.00"));
}

#[test]
fn a_truncated_table_keeps_what_it_read_and_says_what_it_could_not() {
    // Cut inside 一般公共预算支出功能分类预算表, before its 合计 row (after line 241).
    let text: String = fixture(COMMERCE).lines().take(241).map(|l| format!("{l}\n")).collect();
    let b = import_text(&text).unwrap();
    let f = b.functions().unwrap();
    assert_eq!(f.title, "2025年部门一般公共预算支出功能分类预算表");
    assert_eq!(f.rows.len(), 12);
    assert!(f.total.is_none());
    // Decided under 201 13, whose parts are printed…
    assert_eq!(row(f, "2011301").basic, some("9389913.00"));
    // …but without the 合计 row nothing decides 206 or 208: left blank, said with the line.
    assert_eq!(tbp(row(f, "206")), (some("17200000.00"), None, None));
    assert!(warned(&b, 236, "无法判断 17200000.00 是基本支出还是项目支出"));
    assert!(warned(&b, 239, "社会保障和就业支出"));
    assert_eq!(
        b.missing_tables,
        [
            "2025年部门政府性基金预算支出功能分类预算表",
            "2025年部门国有资本经营预算支出功能分类预算表",
            "2025年部门一般公共预算基本支出部门预算经济分类预算表",
            "2025年部门“三公”经费和机关运行经费预算表"
        ]
    );
}

#[test]
fn an_amount_that_does_not_parse_is_a_warning_with_its_line() {
    // Tab-separated: the cell is known, the rest of the row stays.
    let text = fixture(SEED).replace("\t201\t一般公共服务支出\t6,301.32\t", "\t201\t一般公共服务支出\t6,3O1.32\t");
    let b = import_text(&text).unwrap();
    assert!(warned(&b, 307, "金额 «6,3O1.32» 无法解析"));
    assert!(b.warnings.iter().any(|w| w.line == 307 && w.message.starts_with("一般公共预算支出表（按功能分类）")));
    assert_eq!(tbp(row(b.functions().unwrap(), "201")), (None, some("2495.06"), some("3806.26")));
    // Space-separated: positions are unknown, so the row's parts are not read.
    let text = edit_line(&fixture(COMMERCE), 187, "4,545,000.00 4,545,000.00", "4,545,000.00 4,54S,000.00");
    let b = import_text(&text).unwrap();
    assert!(warned(&b, 187, "金额 «4,54S,000.00» 无法解析"));
    let e = table(&b, "2025年部门支出预算总表");
    assert_eq!(tbp(row(e, "2011302")), (some("4545000.00"), None, None));
    // The other tables are untouched.
    assert_eq!(tbp(row(b.functions().unwrap(), "2011302")), (some("4545000.00"), None, some("4545000.00")));
    // A two-sided row.
    let text = edit_line(&fixture(COMMERCE), 139, "881,803.00", "881,8O3.00");
    let b = import_text(&text).unwrap();
    assert!(warned(&b, 139, "金额 «881,8O3.00» 无法解析"));
}

#[test]
fn never_panics_on_cut_or_damaged_text() {
    for name in [SEED, COMMERCE, GOVOFFICE, FINAL] {
        let text = fixture(name);
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let _ = import_text(&text[..cut]);
                let _ = import_text(&text[cut..]);
            }
            cut += 1009;
        }
        // Every 5th line dropped; digits swapped for letters on every 7th line.
        let damaged: String = text
            .lines()
            .enumerate()
            .filter(|(i, _)| i % 5 != 3)
            .map(|(i, l)| if i % 7 == 0 { l.replace('1', "l").replace(',', ",,") } else { l.to_string() })
            .collect::<Vec<_>>()
            .join("\n");
        let b = import_text(&damaged).unwrap();
        assert!(!b.warnings.is_empty(), "{name}: damage goes unnoticed");
    }
    // Huge numbers: sums that would overflow are refused, not panicked on.
    let max = "79228162514264337593543950335";
    let text = format!(
        "2025年部门一般公共预算支出功能分类预算表\n单位：元\n201 类 {max} {max} 0\n202 类 {max} {max} 0\n206 类 5 5\n合计 {max} {max} 5\n"
    );
    let b = import_text(&text).unwrap();
    assert!(b.warnings.iter().any(|w| w.message.contains("过大")), "{:?}", b.warnings);
}

/// `FIXTURE=name cargo test --test import dump -- --ignored --nocapture` prints what is read.
#[test]
#[ignore]
fn dump() {
    let name = std::env::var("FIXTURE").unwrap_or(SEED.into());
    let b = import(&name);
    println!("dept={} year={:?} kind={:?} unit={:?}", b.department, b.year, b.kind, b.unit);
    for l in &b.income {
        println!("income d{} {} {} @{}", l.depth, l.name, l.amount, l.source.line);
    }
    for t in &b.totals {
        println!(
            "total {:?} {} {} @{} {:?} {}",
            t.kind, t.amount, t.unit, t.source.line, t.source.table, t.source.label
        );
    }
    for f in &b.function_tables {
        println!("== {} ({}) rows={}", f.title, f.unit, f.rows.len());
        for r in &f.rows {
            println!("  {:8} {} {:?} {:?} {:?} @{}", r.code, r.name, r.total, r.basic, r.project, r.source.line);
        }
        if let Some(r) = &f.total {
            println!("  TOTAL {} {:?} {:?} {:?} @{}", r.name, r.total, r.basic, r.project, r.source.line);
        }
    }
    for e in &b.economic {
        println!("econ {:?} {} @{} {:?}", e.category, e.amount, e.source.line, e.source.table);
    }
    for s in &b.sangong {
        println!(
            "sangong {:?} {:?} t={:?} a={:?} r={:?} v={:?} vp={:?} vo={:?} @{}",
            s.year,
            s.phase,
            s.total,
            s.abroad,
            s.reception,
            s.vehicles,
            s.vehicle_purchase,
            s.vehicle_operation,
            s.source.line
        );
    }
    if let Some(p) = &b.performance {
        for t in &p.tasks {
            println!("task {} {} {:?} {:?} @{}", t.name, t.total, t.fiscal, t.other, t.source.line);
        }
        println!(
            "stated {:?} goal {}",
            p.stated_total.as_ref().map(|l| l.amount),
            p.goal.chars().take(30).collect::<String>()
        );
        for i in &p.indicators {
            println!("ind {} / {} / {} = {} @{}", i.level1, i.level2, i.name, i.target, i.source.line);
        }
    }
    println!("missing {:?}", b.missing_tables);
    for w in &b.warnings {
        println!("WARN @{} {}", w.line, w.message);
    }
}

#[test]
fn a_table_pasted_over_and_over_names_twenty_repeats_and_counts_the_rest() {
    // The seed's function rows (201 … 2210203) printed three more times below themselves.
    let seed = fixture(SEED);
    let lines: Vec<&str> = seed.lines().collect();
    let first = lines.iter().position(|l| l.starts_with("\t201\t一般公共服务支出\t6,301.32")).unwrap();
    let last = lines.iter().position(|l| l.starts_with("\t2210203\t购房补贴")).unwrap();
    let block = &lines[first..=last];
    let mut text: Vec<&str> = lines[..=last].to_vec();
    for _ in 0..3 {
        text.extend_from_slice(block);
    }
    text.extend_from_slice(&lines[last + 1..]);
    let b = import_text(&text.join("\n")).unwrap();
    let once = import(SEED).functions().unwrap().rows.len();
    let repeats = 3 * once;
    let named = b.warnings.iter().filter(|w| w.message.contains("印了两次")).count();
    assert_eq!(named, 20);
    let rest: Vec<_> = b.warnings.iter().filter(|w| w.message.contains("行重复了上面已印的科目编码")).collect();
    assert_eq!(rest.len(), 1, "{:#?}", b.warnings);
    assert!(rest[0].message.contains(&format!("另有 {} 行重复了上面已印的科目编码", repeats - 20)), "{}", rest[0].message);
    // Every row is still there.
    assert_eq!(b.functions().unwrap().rows.len(), 4 * once);
}

/// A 绩效评价报告 with a 项目支出情况表 but no budget title and no table yusuan reads is no budget:
/// refused as one, naming the table it found, rather than read as an empty budget.
#[test]
fn only_tables_of_another_form_and_no_title_is_not_a_budget() {
    let text = "长沙市财政项目支出绩效评价报告\n\n评价项目名称：国企改革稳定专项资金绩效评价\n\n\
                具体资金情况如下表：\n\
                项目支出情况表\n\
                单位：万元\n\
                项目名称    预算批复    实际执行    执行率\n\
                合计    13,237.00    12,679.21    95.79%\n";
    let e = import_text(text).unwrap_err();
    assert!(e.not_a_budget(), "{e}");
    assert!(e.to_string().contains("«项目支出情况表»"), "{e}");
    // With a budget's title the same table is a budget's (its numbers unread, said in a warning).
    let titled = format!("2026年某某局部门预算\n\n{text}");
    let b = import_text(&titled).unwrap();
    assert!(b.warnings.iter().any(|w| w.message.contains("项目支出情况表")), "{:?}", b.warnings);
}
