//! Audit checks on hand-built budgets (each check passing and failing, the rounding boundary) and
//! on the seed document rebuilt by hand; fixture tests through the importer are at the end.

use rust_decimal::Decimal;
use std::str::FromStr;
use yusuan::audit::{audit, has_errors, Check, Finding, Severity};
use yusuan::model::*;
use yusuan::money::Unit;

fn d(s: &str) -> Decimal {
    yusuan::money::parse_amount(s).unwrap_or_else(|| Decimal::from_str(s).expect("test amount"))
}
fn o(s: &str) -> Option<Decimal> {
    if s.is_empty() {
        None
    } else {
        Some(d(s))
    }
}

/// Builds budgets line by line; every source gets the next line number.
struct B {
    b: Budget,
    line: u32,
}

impl B {
    fn new(unit: Unit) -> B {
        B { b: Budget { department: "测试部门".into(), year: Some(2022), unit, ..Budget::default() }, line: 0 }
    }
    fn next(&mut self) -> u32 {
        self.line += 1;
        self.line
    }
    fn src(&mut self, table: &str, label: &str) -> Source {
        let l = self.next();
        Source::row(l, table, label)
    }
    fn text(&mut self, excerpt: &str) -> Source {
        let l = self.next();
        Source::text(l, excerpt)
    }
    fn table(&mut self, title: &str, unit: Unit) -> usize {
        self.b.function_tables.push(FunctionTable { title: title.into(), unit, rows: Vec::new(), total: None });
        self.b.function_tables.len() - 1
    }
    fn row(&mut self, t: usize, code: &str, name: &str, total: &str, basic: &str, project: &str) -> &mut Self {
        let title = self.b.function_tables[t].title.clone();
        let source = self.src(&title, format!("{code} {name}").trim());
        self.b.function_tables[t].rows.push(FunctionRow {
            code: code.into(),
            name: name.into(),
            total: o(total),
            basic: o(basic),
            project: o(project),
            source,
        });
        self
    }
    /// Rows `code name total` with only the total column.
    fn rows1(&mut self, t: usize, rows: &[(&str, &str, &str)]) -> &mut Self {
        for (c, n, v) in rows {
            self.row(t, c, n, v, "", "");
        }
        self
    }
    fn total_row(&mut self, t: usize, total: &str, basic: &str, project: &str) -> &mut Self {
        let title = self.b.function_tables[t].title.clone();
        let source = self.src(&title, "合计");
        self.b.function_tables[t].total =
            Some(FunctionRow { code: String::new(), name: "合计".into(), total: o(total), basic: o(basic), project: o(project), source });
        self
    }
    fn stated(&mut self, kind: TotalKind, amount: &str, table: &str) -> &mut Self {
        let unit = self.b.unit;
        let source = if table.is_empty() { self.text(&format!("{kind:?} {amount}")) } else { self.src(table, &format!("{kind:?}")) };
        self.b.totals.push(StatedTotal { kind, amount: d(amount), unit, source });
        self
    }
    fn stated_text(&mut self, kind: TotalKind, amount: &str, excerpt: &str, unit: Unit) -> &mut Self {
        let source = self.text(excerpt);
        self.b.totals.push(StatedTotal { kind, amount: d(amount), unit, source });
        self
    }
    fn income(&mut self, table: &str, name: &str, amount: &str, depth: u8) -> &mut Self {
        let unit = self.b.unit;
        let source = self.src(table, name);
        self.b.income.push(Line { name: name.into(), amount: d(amount), unit, depth, source });
        self
    }
    fn economic(&mut self, category: EconomicCategory, amount: &str) -> &mut Self {
        let unit = self.b.unit;
        let source = self.text(category.zh());
        self.b.economic.push(EconomicLine { category, amount: d(amount), unit, source });
        self
    }
    fn prior(&mut self, change: &str, percent: &str, amount: &str, unchanged: bool) -> PriorYear {
        let unit = self.b.unit;
        PriorYear {
            year: 2021,
            amount: o(amount),
            change: o(change),
            percent: o(percent),
            unchanged,
            unit,
            source: self.text("比2021年"),
        }
    }
    fn project(&mut self, name: &str, amount: &str, comps: &[&str], complete: bool, prior: Option<PriorYear>) -> &mut Self {
        let unit = self.b.unit;
        let source = self.text(name);
        let components = comps
            .iter()
            .enumerate()
            .map(|(i, a)| Component { name: format!("{name}·{i}"), amount: d(a), source: source.clone() })
            .collect();
        self.b.projects.push(Project { name: name.into(), amount: d(amount), unit, components, components_complete: complete, prior, source });
        self
    }
    fn comparison(&mut self, subject: &str, measure: Measure, amount: &str, prior: PriorYear) -> &mut Self {
        self.b.comparisons.push(Comparison { subject: subject.into(), measure, amount: d(amount), prior });
        self
    }
    #[allow(clippy::too_many_arguments)]
    fn sangong(&mut self, year: Option<i32>, total: &str, abroad: &str, reception: &str, vehicles: &str, purchase: &str, operation: &str) -> &mut Self {
        let unit = self.b.unit;
        let source = self.src("一般公共预算“三公”经费支出表", &format!("{year:?}"));
        self.b.sangong.push(SanGong {
            year,
            phase: None,
            total: o(total),
            abroad: o(abroad),
            reception: o(reception),
            vehicles: o(vehicles),
            vehicle_purchase: o(purchase),
            vehicle_operation: o(operation),
            unit,
            source,
        });
        self
    }
    fn sangong_text(&mut self, category: SanGongCategory, amount: &str, prior: Option<PriorYear>) -> &mut Self {
        let unit = self.b.unit;
        let source = self.text(category.as_str());
        self.b.sangong_text.push(SanGongStatement { category, amount: d(amount), unit, prior, source });
        self
    }
    fn tasks(&mut self, amounts: &[&str], stated: &str) -> &mut Self {
        let unit = self.b.unit;
        let mut tasks = Vec::new();
        for (i, a) in amounts.iter().enumerate() {
            let source = self.src("单位整体支出绩效目标表", &format!("task {i}"));
            tasks.push(Task { name: format!("task {i}"), description: String::new(), total: d(a), fiscal: Some(d(a)), other: Some(d("0.00")), unit, source });
        }
        let source = self.src("单位整体支出绩效目标表", "金额合计");
        let stated_total = Some(Line { name: "金额合计".into(), amount: d(stated), unit, depth: 0, source });
        self.b.performance = Some(Performance { tasks, stated_total, goal: String::new(), indicators: Vec::new() });
        self
    }
    fn procurement(&mut self, total: &str, goods: &str, works: &str, services: &str) -> &mut Self {
        let unit = self.b.unit;
        let source = self.text("政府采购");
        self.b.procurement = Some(Procurement { total: d(total), goods: o(goods), works: o(works), services: o(services), unit, source });
        self
    }
    #[allow(clippy::too_many_arguments)]
    fn statement(&mut self, subject: &str, path: &[&str], amount: &str, unit: Unit, percent: &str, of: &str, initial: &str) -> &mut Self {
        let source = self.text(subject);
        self.b.statements.push(Statement {
            subject: subject.into(),
            path: path.iter().map(|s| s.to_string()).collect(),
            amount: d(amount),
            unit,
            percent: o(percent),
            percent_of: if of.is_empty() { None } else { Some(of.into()) },
            initial_budget: o(initial),
            source,
        });
        self
    }
    fn run(&self) -> Vec<Finding> {
        audit(&self.b)
    }
}

/// (severity, check, difference) of every finding, for exact assertions.
fn brief(fs: &[Finding]) -> Vec<(Severity, String, Option<Decimal>)> {
    fs.iter().map(|f| (f.severity, f.check.to_string(), f.difference)).collect()
}

fn only(fs: &[Finding], check: Check) -> Vec<Finding> {
    fs.iter().filter(|f| f.check == check).cloned().collect()
}

const T7: &str = "一般公共预算支出表（按功能分类）";

/// The seed's 208 block with the 20805 row as given (`p20805`).
fn block_208(b: &mut B, t: usize, p208: (&str, &str, &str), p20805: &str) {
    b.row(t, "208", "社会保障和就业支出", p208.0, p208.1, p208.2)
        .row(t, "20801", "人力资源和社会保障管理事务", "9,280", "0", "9,280")
        .row(t, "2080116", "引进人才费用", "9,280", "0", "9,280")
        .row(t, "20805", "行政事业单位养老支出", p20805, p20805, "0")
        .row(t, "2080502", "事业单位离退休", "115.46", "115.46", "0")
        .row(t, "2080505", "机关事业单位基本养老保险缴费支出", "162.56", "162.56", "0")
        .row(t, "2080506", "机关事业单位职业年金缴费支出", "79.13", "79.13", "0")
        .row(t, "20899", "其他社会保障和就业支出", "0.70", "0.70", "0")
        .row(t, "2089999", "其他社会保障和就业支出", "0.70", "0.70", "0");
}

// ---------------------------------------------------------------------------------------------
// hierarchy

#[test]
fn hierarchy_passes_when_every_level_sums() {
    let mut b = B::new(Unit::Wanyuan);
    let t = b.table(T7, Unit::Wanyuan);
    block_208(&mut b, t, ("9,637.86", "357.86", "9,280"), "357.16");
    b.total_row(t, "9,637.86", "357.86", "9,280");
    // 20805 = 357.16 vs Σ项 357.15 is a rounding note (合计 and 基本支出); everything else sums exactly.
    let fs = b.run();
    assert_eq!(brief(&fs), vec![(Severity::Rounding, "hierarchy".into(), Some(d("0.01"))); 2]);
    assert_eq!(fs[0].expected, Some(d("357.15")));
    assert_eq!(fs[0].actual, Some(d("357.16")));
    assert_eq!(fs[0].tolerance, Some(d("0.020")));
}

#[test]
fn hierarchy_fails_on_the_seed_208_block() {
    let mut b = B::new(Unit::Wanyuan);
    let t = b.table(T7, Unit::Wanyuan);
    block_208(&mut b, t, ("9,638", "358", "9,280"), "358.55");
    let fs = b.run();
    assert_eq!(
        brief(&fs),
        vec![
            (Severity::Error, "hierarchy".into(), Some(d("-1.25"))),
            (Severity::Error, "hierarchy".into(), Some(d("-1.25"))),
            (Severity::Error, "hierarchy".into(), Some(d("1.40"))),
            (Severity::Error, "hierarchy".into(), Some(d("1.40"))),
        ]
    );
    assert_eq!(fs[0].message, "208 社会保障和就业支出 [合计]：Σ款 = 9,639.25 ≠ 9,638 万元（差 1.25 万元 > 容差 1.010：超出文件自身的舍入）");
    assert_eq!(fs[0].tolerance, Some(d("1.010")));
    assert!(fs[1].message.starts_with("208 社会保障和就业支出 [基本支出]：Σ款 = 359.25 ≠ 358 万元"));
    assert!(fs[2].message.starts_with("20805 行政事业单位养老支出 [合计]：Σ项 = 357.15 ≠ 358.55 万元"));
    // Both places cited: the parent row and its children.
    assert_eq!(fs[2].sources.len(), 4);
    assert!(fs[2].where_.contains("第 4 行") && fs[2].where_.contains("第 5、6、7 行"), "{}", fs[2].where_);
}

#[test]
fn hierarchy_total_row_points_at_the_broken_class() {
    let mut b = B::new(Unit::Wanyuan);
    let t = b.table(T7, Unit::Wanyuan);
    b.row(t, "201", "一般公共服务支出", "6,301.32", "2,495.06", "3,806.26")
        .row(t, "20113", "商贸事务", "1,509.59", "21.33", "1,488.26")
        .row(t, "20199", "其他一般公共服务支出", "4,791.73", "2,473.73", "2,318.00");
    block_208(&mut b, t, ("9,638", "358", "9,280"), "358.55");
    b.total_row(t, "15,939.18", "2,852.92", "13,086.26");
    let fs = only(&b.run(), Check::Hierarchy);
    let totals: Vec<&Finding> = fs.iter().filter(|f| f.message.starts_with("「")).collect();
    assert_eq!(totals.len(), 2, "{fs:#?}");
    // Σ类 = 6,301.32 + 9,638 = 15,939.32 vs 15,939.18: within the integer rounding of 9,638.
    assert_eq!(totals[0].severity, Severity::Rounding);
    assert_eq!(totals[0].difference, Some(d("-0.14")));
    assert!(totals[0].message.contains("原因：208 社会保障和就业支出 印 9,638，但其Σ款为 9,639.25"), "{}", totals[0].message);
    assert!(totals[1].message.contains("原因：208 社会保障和就业支出 印 358，但其Σ款为 359.25"));
}

#[test]
fn hierarchy_blank_cells_count_as_zero_only_when_the_row_shows_it() {
    // Putuo style: "208 05 01 行政单位离退休 84.65 84.65" — basic printed, project blank.
    let mut b = B::new(Unit::Yuan);
    let t = b.table("支出决算表", Unit::Yuan);
    b.row(t, "20106", "财政事务", "2,106.66", "1,503.52", "603.14")
        .row(t, "2010601", "行政运行", "1,511.89", "1,503.52", "8.37")
        .row(t, "2010602", "一般行政管理事务", "10.00", "", "10.00")
        .row(t, "2010607", "信息化建设", "135.25", "", "135.25")
        .row(t, "2010608", "财政委托业务支出", "449.52", "", "449.52");
    assert!(b.run().is_empty(), "{:#?}", b.run());
    // A blank that the row does not explain (合计 ≠ the other column) makes the column uncheckable.
    let mut b2 = B::new(Unit::Yuan);
    let t = b2.table("支出决算表", Unit::Yuan);
    b2.row(t, "20106", "财政事务", "2,106.66", "1,503.52", "603.14")
        .row(t, "2010601", "行政运行", "1,511.89", "", "8.37")
        .row(t, "2010602", "一般行政管理事务", "594.77", "", "594.77");
    let fs = b2.run();
    assert!(only(&fs, Check::Hierarchy).iter().all(|f| !f.message.contains("[基本支出]")), "{fs:#?}");
    // …while the blank in a parent and all its children is skipped, and a wrong total is caught.
    let mut b3 = B::new(Unit::Yuan);
    let t = b3.table("支出决算表", Unit::Yuan);
    b3.row(t, "20106", "财政事务", "2,106.67", "", "").row(t, "2010601", "行政运行", "2,106.66", "", "");
    let fs = b3.run();
    assert_eq!(brief(&fs), vec![(Severity::Rounding, "hierarchy".into(), Some(d("0.01")))]);
}

#[test]
fn hierarchy_items_without_their_section_row_sum_to_the_class() {
    let mut b = B::new(Unit::Yuan);
    let t = b.table("支出预算总表", Unit::Yuan);
    b.rows1(t, &[("210", "卫生健康支出", "1,097,073.43"), ("2101101", "行政单位医疗", "782,855.28"), ("2101102", "事业单位医疗", "314,218.14")]);
    let fs = b.run();
    assert_eq!(brief(&fs), vec![(Severity::Rounding, "hierarchy".into(), Some(d("0.01")))]);
    assert!(fs[0].message.starts_with("210 卫生健康支出 [合计]：Σ项"));
}

// ---------------------------------------------------------------------------------------------
// the rounding boundary

#[test]
fn rounding_boundary_exactly_at_tolerance_then_one_cent_more() {
    // Σ项 = 357.15 from three 2-dp rows; parent 2 dp: tolerance 4 × 0.005 = 0.02.
    for (parent, sev) in [("357.15", None), ("357.16", Some(Severity::Rounding)), ("357.17", Some(Severity::Rounding)), ("357.18", Some(Severity::Error))] {
        let mut b = B::new(Unit::Wanyuan);
        let t = b.table(T7, Unit::Wanyuan);
        b.row(t, "20805", "行政事业单位养老支出", parent, "", "")
            .row(t, "2080502", "事业单位离退休", "115.46", "", "")
            .row(t, "2080505", "机关事业单位基本养老保险缴费支出", "162.56", "", "")
            .row(t, "2080506", "机关事业单位职业年金缴费支出", "79.13", "", "");
        let fs = b.run();
        assert_eq!(fs.first().map(|f| f.severity), sev, "parent {parent}: {fs:#?}");
        if let Some(f) = fs.first() {
            assert_eq!(f.tolerance, Some(d("0.020")));
        }
    }
    // Two tables, 2 dp each: tolerance 0.01 — 0.01 apart is rounding, 0.02 apart an error.
    for (other, sev) in [("326.71", Severity::Rounding), ("326.70", Severity::Error)] {
        let mut b = B::new(Unit::Wanyuan);
        let t = b.table("支出决算表", Unit::Wanyuan);
        b.rows1(t, &[("208", "社会保障和就业支出", "326.72")]);
        let u = b.table("收入支出决算总表", Unit::Wanyuan);
        b.rows1(u, &[("", "八、社会保障和就业支出", other)]);
        let fs = b.run();
        assert_eq!(brief(&fs), vec![(sev, "cross_table".into(), Some(d(other) - d("326.72")))], "{fs:#?}");
    }
}

// ---------------------------------------------------------------------------------------------
// row identity

#[test]
fn row_identity_pass_and_fail() {
    let mut b = B::new(Unit::Yuan);
    let t = b.table("支出预算总表", Unit::Yuan);
    b.row(t, "2010301", "行政运行", "12,029,501.84", "11,919,501.84", "110,000.00");
    b.total_row(t, "12,029,501.84", "11,919,501.84", "110,000.00");
    assert!(b.run().is_empty(), "{:#?}", b.run());
    let mut b = B::new(Unit::Yuan);
    let t = b.table("支出预算总表", Unit::Yuan);
    b.row(t, "2010301", "行政运行", "12,029,501.84", "11,919,501.84", "110,000.01");
    b.total_row(t, "12,029,501.84", "11,919,601.84", "110,000.00");
    let fs = only(&b.run(), Check::RowIdentity);
    assert_eq!(
        brief(&fs),
        vec![(Severity::Rounding, "row_identity".into(), Some(d("-0.01"))), (Severity::Error, "row_identity".into(), Some(d("-100.00")))]
    );
    assert!(fs[1].message.starts_with("「支出预算总表」 合计：基本支出 + 项目支出 = 12,029,601.84 ≠ 12,029,501.84 元"), "{}", fs[1].message);
}

// ---------------------------------------------------------------------------------------------
// cross table

#[test]
fn cross_table_resolves_codeless_rows_by_name_in_order() {
    let mut b = B::new(Unit::Wanyuan);
    let t = b.table(T7, Unit::Wanyuan);
    b.row(t, "201", "一般公共服务支出", "6,301.32", "2,495.06", "3,806.26")
        .row(t, "20113", "商贸事务", "1,509.59", "21.33", "1,488.26")
        .row(t, "2011399", "其他商贸事务支出", "1,509.59", "21.33", "1,488.26")
        .row(t, "20199", "其他一般公共服务支出", "4,791.73", "2,473.73", "2,318.00")
        .row(t, "2019999", "其他一般公共服务支出", "4,791.73", "2,473.73", "2,318.00");
    let s = b.table("收支总表", Unit::Wanyuan);
    // 款 and 项 of the same name: the first maps to 20199, the second to 2019999.
    b.rows1(
        s,
        &[
            ("", "一、一般公共服务支出", "6,301.32"),
            ("", "商贸事务", "1,509.59"),
            ("", "其他商贸事务支出", "1,509.59"),
            ("", "其他一般公共服务支出", "4,791.73"),
            ("", "其他一般公共服务支出", "4,791.70"),
        ],
    );
    let fs = b.run();
    // 2019999 in 收支总表 is off by 0.03; the parent 20199 then also differs from its item there.
    let cross = only(&fs, Check::CrossTable);
    assert_eq!(brief(&cross), vec![(Severity::Error, "cross_table".into(), Some(d("-0.03")))]);
    assert!(cross[0].message.starts_with("2019999 其他一般公共服务支出 [合计]：「一般公共预算支出表（按功能分类）」 vs 「收支总表」 = 4,791.73 ≠ 4,791.70 万元"), "{}", cross[0].message);
    assert_eq!(brief(&only(&fs, Check::Hierarchy)), vec![(Severity::Error, "hierarchy".into(), Some(d("0.03")))]);
}

#[test]
fn cross_table_skips_tables_covering_other_money() {
    // 一般公共预算 table smaller than the all-funds table: different money, rows not compared.
    let mut b = B::new(Unit::Yuan);
    let t = b.table("支出预算总表", Unit::Yuan);
    b.rows1(t, &[("201", "一般公共服务支出", "1,000.00")]);
    b.total_row(t, "1,000.00", "", "");
    let g = b.table("一般公共预算支出功能分类预算表", Unit::Yuan);
    b.rows1(g, &[("201", "一般公共服务支出", "800.00")]);
    b.total_row(g, "800.00", "", "");
    assert!(b.run().is_empty(), "{:#?}", b.run());
    // Same totals: the same money, so the rows must agree.
    let mut b = B::new(Unit::Yuan);
    let t = b.table("支出预算总表", Unit::Yuan);
    b.rows1(t, &[("201", "一般公共服务支出", "600.00"), ("208", "社会保障和就业支出", "400.00")]);
    b.total_row(t, "1,000.00", "", "");
    let g = b.table("一般公共预算支出功能分类预算表", Unit::Yuan);
    b.rows1(g, &[("201", "一般公共服务支出", "500.00"), ("208", "社会保障和就业支出", "500.00")]);
    b.total_row(g, "1,000.00", "", "");
    assert_eq!(
        brief(&b.run()),
        vec![(Severity::Error, "cross_table".into(), Some(d("-100.00"))), (Severity::Error, "cross_table".into(), Some(d("100.00")))]
    );
}

#[test]
fn cross_table_income_tables_are_not_expenditure() {
    let mut b = B::new(Unit::Wanyuan);
    let t = b.table("支出决算表", Unit::Wanyuan);
    b.rows1(t, &[("201", "一般公共服务支出", "2,106.66")]);
    let i = b.table("收入决算表", Unit::Wanyuan);
    b.rows1(i, &[("201", "一般公共服务支出", "2,112.86")]);
    assert!(b.run().is_empty());
}

#[test]
fn cross_table_same_total_in_several_places() {
    let mut b = B::new(Unit::Wanyuan);
    b.stated(TotalKind::ExpenditureThisYear, "44,350", "收支总表")
        .stated(TotalKind::ExpenditureThisYear, "44,350", "政府预算拨款收支总表")
        .stated(TotalKind::Basic, "3,263.74", "支出总表")
        .stated(TotalKind::Project, "41,086.26", "支出总表");
    let t = b.table(T7, Unit::Wanyuan);
    b.total_row(t, "44,350", "3,263.74", "41,086.26");
    assert!(b.run().is_empty());
    // A second all-funds place disagreeing, and 基本支出 off in the function table's 合计 row.
    b.stated(TotalKind::ExpenditureThisYear, "44,530", "支出总表");
    b.b.function_tables[t].total.as_mut().unwrap().basic = Some(d("3,236.74"));
    let fs = b.run();
    let cross = only(&fs, Check::CrossTable);
    assert_eq!(
        brief(&cross),
        vec![(Severity::Error, "cross_table".into(), Some(d("180"))), (Severity::Error, "cross_table".into(), Some(d("-27.00")))],
        "{fs:#?}"
    );
    assert!(cross[0].message.starts_with("本年支出合计：「收支总表」 vs 「支出总表」 = 44,350 ≠ 44,530 万元"));
    assert!(cross[1].message.starts_with("基本支出 (一般公共预算)：「支出总表」 vs 「一般公共预算支出表（按功能分类）」"), "{}", cross[1].message);
}

#[test]
fn cross_table_totals_of_other_scopes_are_not_compared() {
    // Final accounts: all funds 2,946.25, appropriations only 2,940.05 — both right.
    let mut b = B::new(Unit::Wanyuan);
    b.stated(TotalKind::IncomeThisYear, "2,946.25", "收入支出决算总表")
        .stated(TotalKind::IncomeThisYear, "2,940.05", "财政拨款收入支出决算总表")
        .stated_text(TotalKind::IncomeThisYear, "2946.25", "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元", Unit::Wanyuan);
    assert!(b.run().is_empty(), "{:#?}", b.run());
    b.stated_text(TotalKind::IncomeGrand, "0.3", "2024年度财政拨款收入支出总计0.3万元", Unit::Wanyuan)
        .stated(TotalKind::IncomeGrand, "2,961.68", "财政拨款收入支出决算总表");
    let fs = b.run();
    let cross = only(&fs, Check::CrossTable);
    assert_eq!(brief(&cross), vec![(Severity::Error, "cross_table".into(), Some(d("-2961.38")))]);
    assert!(cross[0].message.starts_with("收入总计 (财政拨款)：「财政拨款收入支出决算总表」 vs 正文 «2024年度财政拨款收入支出总计0.3万元»"), "{}", cross[0].message);
}

#[test]
fn unit_slip_is_named() {
    let mut b = B::new(Unit::Wanyuan);
    b.stated(TotalKind::ExpenditureThisYear, "37,151.47", "支出总表");
    b.b.totals.push(StatedTotal {
        kind: TotalKind::ExpenditureThisYear,
        amount: d("371,514,700.00"),
        unit: Unit::Wanyuan, // mislabelled: the table prints 元
        source: Source::row(99, "支出预算总表", "合计"),
    });
    let fs = b.run();
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].check, Check::Unit);
    assert_eq!(fs[0].severity, Severity::Error);
    assert!(fs[0].message.contains("单位倍数"));
}

// ---------------------------------------------------------------------------------------------
// balance

#[allow(clippy::too_many_arguments)]
fn seed_balance(b: &mut B, table: &str, this_in: &str, carry_in: &str, grand_in: &str, this_out: &str, carry_out: &str, grand_out: &str) {
    b.stated(TotalKind::IncomeThisYear, this_in, table)
        .stated(TotalKind::CarryOverIn, carry_in, table)
        .stated(TotalKind::IncomeGrand, grand_in, table)
        .stated(TotalKind::ExpenditureThisYear, this_out, table)
        .stated(TotalKind::CarryOverOut, carry_out, table)
        .stated(TotalKind::ExpenditureGrand, grand_out, table);
}

#[test]
fn balance_pass_and_fail() {
    let mut b = B::new(Unit::Wanyuan);
    b.income("收支总表", "一、政府预算拨款", "44,338", 0)
        .income("收支总表", "1. 一般公共预算拨款", "44,338", 1)
        .income("收支总表", "2. 政府性基金预算拨款", "0", 1)
        .income("收支总表", "二、财政专户管理资金", "0", 0);
    seed_balance(&mut b, "收支总表", "44,338", "12", "44,350", "44,350", "0", "44,350");
    assert!(b.run().is_empty(), "{:#?}", b.run());

    let mut b = B::new(Unit::Wanyuan);
    b.income("收支总表", "一、政府预算拨款", "44,338", 0)
        .income("收支总表", "1. 一般公共预算拨款", "44,328", 1)
        .income("收支总表", "二、其他收入", "10", 0);
    seed_balance(&mut b, "收支总表", "44,338", "21", "44,350", "44,350", "0", "44,353");
    let fs = b.run();
    assert_eq!(
        brief(&fs),
        vec![
            (Severity::Error, "balance".into(), Some(d("3"))),   // 收入总计 vs 支出总计
            (Severity::Error, "balance".into(), Some(d("-9"))),  // 44,338 + 21 vs 44,350
            (Severity::Error, "balance".into(), Some(d("3"))),   // 44,350 + 0 vs 44,353
            (Severity::Error, "balance".into(), Some(d("-10"))), // lines 44,348 vs 44,338
            (Severity::Error, "balance".into(), Some(d("10"))),  // sub-line 44,328 vs 44,338
        ],
        "{fs:#?}"
    );
    assert!(fs[1].message.starts_with("本年收入合计 + 上年结转 vs 收入总计 = 44,359 ≠ 44,350 万元"));
}

#[test]
fn balance_lines_below_the_total_belong_to_the_carry_over() {
    // 年初财政拨款结转和结余 21.63 and its "一、一般公共预算财政拨款 21.63" sub-line sit below 本年收入合计.
    let mut b = B::new(Unit::Wanyuan);
    let tb = "财政拨款收入支出决算总表";
    b.income(tb, "一、一般公共预算财政拨款", "2,940.05", 0);
    b.stated(TotalKind::IncomeThisYear, "2,940.05", tb).stated(TotalKind::CarryOverIn, "21.63", tb);
    b.income(tb, "一、一般公共预算财政拨款", "21.63", 0);
    b.stated(TotalKind::IncomeGrand, "2,961.68", tb).stated(TotalKind::ExpenditureGrand, "2,961.68", tb);
    assert!(b.run().is_empty(), "{:#?}", b.run());
}

// ---------------------------------------------------------------------------------------------
// economic split

#[test]
fn economic_split_pass_and_fail() {
    let mut b = B::new(Unit::Wanyuan);
    b.stated(TotalKind::ExpenditureThisYear, "44,350", "收支总表")
        .stated(TotalKind::Basic, "3,263.74", "支出总表")
        .stated(TotalKind::Project, "41,086.26", "支出总表")
        .economic(EconomicCategory::Personnel, "2,796.41")
        .economic(EconomicCategory::Public, "314.74")
        .economic(EconomicCategory::Households, "152.59")
        .economic(EconomicCategory::Project, "41,086.26");
    assert!(b.run().is_empty());
    b.b.economic[1].amount = d("341.74");
    let fs = b.run();
    assert_eq!(
        brief(&fs),
        vec![(Severity::Error, "economic_split".into(), Some(d("-27.00"))), (Severity::Error, "economic_split".into(), Some(d("-27.00")))]
    );
    assert!(fs[1].message.starts_with("人员支出 + 公用支出 + 对个人和家庭的补助 vs 基本支出 「支出总表」 = 3,290.74 ≠ 3,263.74 万元"));
}

// ---------------------------------------------------------------------------------------------
// projects and components

#[test]
fn projects_sum_pass_short_and_over() {
    let mut b = B::new(Unit::Wanyuan);
    b.stated(TotalKind::Project, "41,086.26", "支出总表");
    for (n, a) in [("预算准备金", "40"), ("投资促进管理", "180"), ("小型工程", "25"), ("人才政策经费", "9,280"), ("其他一般公共服务支出", "2,180"), ("一般管理事务", "1,308.26"), ("产业发展专项资金", "28,000"), ("课题调研专项", "73")] {
        b.project(n, a, &[], false, None);
    }
    assert!(b.run().is_empty());
    b.b.projects.pop();
    let fs = b.run();
    assert_eq!(brief(&fs), vec![(Severity::Warning, "projects_sum".into(), Some(d("73.00")))]);
    assert!(fs[0].message.contains("并未列出全部项目"), "{}", fs[0].message);
    b.project("课题调研专项", "73", &[], false, None).project("多出来的项目", "5.00", &[], false, None);
    assert_eq!(brief(&b.run()), vec![(Severity::Error, "projects_sum".into(), Some(d("-5.00")))]);
}

#[test]
fn components_sum_complete_and_partial() {
    let mut b = B::new(Unit::Wanyuan);
    b.project("投资促进管理", "180", &["60", "90", "30"], true, None)
        .project("其他一般公共服务支出", "2,180", &["388", "70", "264", "350", "170", "550", "178", "160", "50"], true, None)
        .project("一般管理事务", "1,308.26", &["44.5", "9", "178.34", "246.93", "16.83"], false, None)
        .project("产业发展专项资金", "28,000", &["25,000.00", "3,000"], true, None);
    assert!(b.run().is_empty(), "{:#?}", b.run());
    b.project("课题调研专项", "73", &["43.00", "15.00", "16.00"], true, None)
        .project("部分列举", "10", &["8.00", "3.00"], false, None);
    let fs = b.run();
    assert_eq!(
        brief(&fs),
        vec![(Severity::Error, "components_sum".into(), Some(d("-1.00"))), (Severity::Warning, "components_sum".into(), Some(d("-1.00")))]
    );
    assert!(fs[1].message.contains("未列全的清单"));
}

// ---------------------------------------------------------------------------------------------
// prior-year changes

#[test]
fn prior_change_seed_statements_agree() {
    let mut b = B::new(Unit::Wanyuan);
    let p = b.prior("-6,593.32", "-12.94", "", false);
    b.comparison("部门预算收入", Measure::IncomeTotal, "44,350", p);
    for (name, amount, change, pct) in [
        ("投资促进管理", "180", "-73", "-28.85"),
        ("小型工程", "25", "5", "25"),
        ("人才政策经费", "9,280", "-252", "-3"),
        ("其他一般公共服务支出", "2,180", "216.62", "11"),
        ("一般管理事务", "1,308.26", "382", "41"),
        ("产业发展专项资金", "28,000", "-7,013", "-20"),
        ("课题调研专项", "73", "-17", "-19"),
    ] {
        let p = b.prior(change, pct, "", false);
        b.project(name, amount, &[], false, Some(p));
    }
    let p = b.prior("", "", "", true);
    b.project("预算准备金", "40", &[], false, Some(p));
    let p = b.prior("-0.1", "-0.56", "", false);
    b.sangong_text(SanGongCategory::Total, "17.66", Some(p));
    let p = b.prior("0", "0", "", false);
    b.comparison("机关运行经费", Measure::Other, "0", p);
    assert!(b.run().is_empty(), "{:#?}", b.run());
}

#[test]
fn prior_change_failures() {
    let mut b = B::new(Unit::Wanyuan);
    // 252 / 9,532 = 2.64%: "3%" is right, "4%" is not.
    let p = b.prior("-252", "-4", "", false);
    b.project("人才政策经费", "9,280", &[], false, Some(p));
    // Stated prior amount contradicts amount − change.
    let p = b.prior("-6,593.32", "", "50,934.32", false);
    b.comparison("部门预算支出", Measure::Other, "44,350", p);
    // 持平 with a change.
    let p = b.prior("5", "", "", true);
    b.project("预算准备金", "40", &[], false, Some(p));
    let fs = b.run();
    assert_eq!(
        brief(&fs),
        vec![
            (Severity::Error, "prior_change".into(), Some(d("-9.00"))),
            (Severity::Error, "prior_change".into(), Some(d("1.3563"))),
            (Severity::Error, "prior_change".into(), Some(d("5"))),
        ],
        "{fs:#?}"
    );
    assert_eq!(fs[1].expected, Some(d("2.6437")));
    assert!(fs[1].message.starts_with("人才政策经费：增减 -252 / 2021年 9,532 × 100 = 2.6437% ≠ 印 4%"), "{}", fs[0].message);
    assert!(fs[2].message.contains("持平"));
}

#[test]
fn prior_change_percent_within_the_amounts_rounding() {
    // 0.1 is printed to one place: the change may be 0.05…0.15, so 0.57% cannot be contradicted…
    let mut b = B::new(Unit::Wanyuan);
    let p = b.prior("-0.1", "-0.57", "", false);
    b.sangong_text(SanGongCategory::Total, "17.66", Some(p));
    let fs = b.run();
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].severity, Severity::Rounding);
    assert_eq!(fs[0].expected, Some(d("0.563063")));
    // …but 0.9% is beyond even that.
    let mut b = B::new(Unit::Wanyuan);
    let p = b.prior("-0.1", "-0.9", "", false);
    b.sangong_text(SanGongCategory::Total, "17.66", Some(p));
    assert_eq!(b.run().first().map(|f| f.severity), Some(Severity::Error));
}

// ---------------------------------------------------------------------------------------------
// 三公

fn seed_sangong(b: &mut B) {
    b.sangong(Some(2021), "17.76", "0", "6.75", "11.01", "0", "11.01")
        .sangong(Some(2022), "17.66", "0", "6.65", "11.01", "0", "11.01")
        .sangong(None, "-0.10", "0", "-0.10", "0.00", "0", "0.00");
}

#[test]
fn sangong_pass() {
    let mut b = B::new(Unit::Wanyuan);
    seed_sangong(&mut b);
    let p = b.prior("-0.1", "-0.56", "", false);
    b.sangong_text(SanGongCategory::Total, "17.66", Some(p));
    let p = b.prior("-0.1", "", "", false);
    b.sangong_text(SanGongCategory::Reception, "6.65", Some(p));
    b.sangong_text(SanGongCategory::Vehicles, "11.01", None);
    let p = b.prior("0", "", "", false);
    b.sangong_text(SanGongCategory::VehiclePurchase, "0", Some(p));
    let p = b.prior("0", "", "", false);
    b.sangong_text(SanGongCategory::VehicleOperation, "11.01", Some(p));
    b.sangong_text(SanGongCategory::Abroad, "0", None);
    assert!(b.run().is_empty(), "{:#?}", b.run());
}

#[test]
fn sangong_fail() {
    let mut b = B::new(Unit::Wanyuan);
    b.sangong(Some(2021), "17.76", "0", "6.75", "11.01", "0", "11.01")
        .sangong(Some(2022), "17.66", "0", "6.75", "11.01", "1", "11.01") // total ≠ Σ, vehicles ≠ Σ
        .sangong(None, "-0.10", "0", "-0.10", "0.00", "0", "0.00");
    let p = b.prior("-0.2", "", "", false);
    b.sangong_text(SanGongCategory::Reception, "6.55", Some(p)); // table 6.75 this year; prior 6.75 = 6.55 + 0.2 ✓
    let fs = b.run();
    assert_eq!(
        brief(&fs),
        vec![
            (Severity::Error, "sangong".into(), Some(d("-0.10"))), // 2022 total 17.66 vs 0 + 6.75 + 11.01
            (Severity::Error, "sangong".into(), Some(d("-1.00"))), // 2022 vehicles 11.01 vs 1 + 11.01
            (Severity::Error, "sangong".into(), Some(d("-0.10"))), // 增减 reception −0.10 vs 6.75 − 6.75
            (Severity::Error, "sangong".into(), Some(d("-1"))),    // 增减 purchase 0 vs 1 − 0
            (Severity::Error, "sangong".into(), Some(d("-0.20"))), // text 6.55 vs table 6.75
        ],
        "{fs:#?}"
    );
}

#[test]
fn sangong_blank_components_are_nil() {
    // Putuo: "867.50 839.00 28.50 213.28" — vehicles blank.
    let mut b = B::new(Unit::Wanyuan);
    b.sangong(Some(2022), "867.50", "839.00", "28.50", "", "", "");
    assert!(b.run().is_empty());
    b.b.sangong[0].reception = Some(d("28.05"));
    assert_eq!(brief(&b.run()), vec![(Severity::Error, "sangong".into(), Some(d("0.45")))]);
}

// ---------------------------------------------------------------------------------------------
// tasks, procurement

const SEED_TASKS: [&str; 21] = [
    "350.00", "70.00", "25.00", "388.00", "170.00", "50.00", "3,000.00", "9,280.00", "25,000.00", "3,263.74", "309.16", "40.00",
    "707.67", "44.50", "246.94", "73.00", "178.00", "550.00", "264.00", "160.00", "180.00",
];

#[test]
fn tasks_sum_rounding_and_error() {
    let mut b = B::new(Unit::Wanyuan);
    b.stated(TotalKind::ExpenditureThisYear, "44,350", "收支总表");
    b.tasks(&SEED_TASKS, "44,350.00");
    let fs = b.run();
    assert_eq!(brief(&fs), vec![(Severity::Rounding, "tasks_sum".into(), Some(d("-0.01")))]);
    assert_eq!(fs[0].tolerance, Some(d("0.110")));
    let mut b = B::new(Unit::Wanyuan);
    b.stated(TotalKind::ExpenditureThisYear, "44,350", "收支总表");
    b.tasks(&SEED_TASKS[1..], "44,350.00");
    let fs = b.run();
    assert_eq!(
        brief(&fs),
        vec![(Severity::Error, "tasks_sum".into(), Some(d("349.99")))],
        "{fs:#?}"
    );
}

#[test]
fn tasks_stated_total_vs_expenditure() {
    let mut b = B::new(Unit::Wanyuan);
    b.stated(TotalKind::ExpenditureThisYear, "44,350", "收支总表");
    b.tasks(&["44,000.00"], "44,000.00");
    assert_eq!(brief(&b.run()), vec![(Severity::Error, "tasks_sum".into(), Some(d("-350.00")))]);
}

#[test]
fn procurement_pass_and_fail() {
    let mut b = B::new(Unit::Wanyuan);
    b.stated(TotalKind::Procurement, "19.50", "支出总表");
    b.procurement("19.5", "19.5", "0", "0");
    assert!(b.run().is_empty());
    // Final accounts: 4.79 + 0 + 246.47 = 251.26 vs 251.25 — rounding.
    let mut b = B::new(Unit::Wanyuan);
    b.procurement("251.25", "4.79", "0", "246.47");
    assert_eq!(brief(&b.run()), vec![(Severity::Rounding, "procurement".into(), Some(d("-0.01")))]);
    let mut b = B::new(Unit::Wanyuan);
    b.stated(TotalKind::Procurement, "19.50", "支出总表");
    b.procurement("29.5", "19.5", "", "");
    assert_eq!(
        brief(&b.run()),
        vec![(Severity::Error, "procurement".into(), Some(d("10.0"))), (Severity::Error, "procurement".into(), Some(d("10.00")))]
    );
}

// ---------------------------------------------------------------------------------------------
// statements

#[test]
fn statements_share_of_a_total() {
    let mut b = B::new(Unit::Wanyuan);
    b.stated(TotalKind::IncomeThisYear, "2,946.25", "收入支出决算总表")
        .stated(TotalKind::ExpenditureThisYear, "2,940.05", "收入支出决算总表");
    b.statement("财政拨款收入", &[], "2940.05", Unit::Wanyuan, "99.79", "income_this_year", "")
        .statement("其他收入", &[], "6.2", Unit::Wanyuan, "0.21", "income_this_year", "")
        .statement("基本支出", &[], "2336.91", Unit::Wanyuan, "79.49", "expenditure_this_year", "")
        .statement("社会保障和就业支出（类）", &["社会保障和就业支出"], "326.72", Unit::Wanyuan, "11.11", "expenditure_this_year", "");
    let t = b.table("一般公共预算财政拨款支出决算表", Unit::Wanyuan);
    b.rows1(t, &[("201", "一般公共服务支出", "2,106.66"), ("208", "社会保障和就业支出", "326.72")]);
    assert!(b.run().is_empty(), "{:#?}", b.run());
    b.statement("一般公共服务支出（类）", &["一般公共服务支出"], "2106.66", Unit::Wanyuan, "71.73", "本年支出合计", "");
    let fs = b.run();
    assert_eq!(brief(&fs), vec![(Severity::Error, "statements".into(), Some(d("0.076117")))], "{fs:#?}");
    assert_eq!(fs[0].expected, Some(d("71.653883")));
    assert!(fs[0].message.starts_with("一般公共服务支出（类） 2,106.66 万元 / 本年支出合计 「收入支出决算总表」 × 100 = 71.653883% ≠ 印 71.73%"), "{}", fs[0].message);
}

#[test]
fn statements_path_named_amounts_in_yuan() {
    let mut b = B::new(Unit::Yuan);
    let t = b.table("2025年部门一般公共预算支出功能分类预算表", Unit::Yuan);
    b.rows1(
        t,
        &[
            ("201", "一般公共服务支出", "13,934,913.00"),
            ("20113", "商贸事务", "13,934,913.00"),
            ("2011301", "行政运行", "9,389,913.00"),
            ("2011302", "一般行政管理事务", "4,545,000.00"),
        ],
    );
    b.statement("行政运行", &["一般公共服务支出", "商贸事务", "行政运行"], "938.99", Unit::Wanyuan, "", "", "")
        .statement("一般行政管理事务", &["一般公共服务支出", "商贸事务", "一般行政管理事务"], "454.50", Unit::Wanyuan, "", "", "")
        .statement("事业运行", &["一般公共服务支出", "商贸事务", "事业运行"], "290.18", Unit::Wanyuan, "", "", "");
    let fs = b.run();
    assert_eq!(
        brief(&fs),
        vec![(Severity::Rounding, "statements".into(), Some(d("-13.00"))), (Severity::Warning, "statements".into(), None)],
        "{fs:#?}"
    );
    assert_eq!(fs[0].unit, Some(Unit::Yuan));
    assert_eq!(fs[0].tolerance, Some(d("50.005")));
    // 454.50 万元 printed for 4,546,000.00 元 is an error.
    b.b.statements[1].amount = d("454.60");
    assert_eq!(only(&b.run(), Check::Statements)[1].severity, Severity::Error);
}

#[test]
fn statements_initial_budget_completion() {
    let mut b = B::new(Unit::Wanyuan);
    b.statement("一般公共预算财政拨款支出", &[], "2940.05", Unit::Wanyuan, "98.20", "initial_budget", "2993.92")
        .statement("“三公”经费", &[], "0.00", Unit::Wanyuan, "0", "initial_budget", "0.95");
    assert!(b.run().is_empty());
    b.statement("机关运行经费", &[], "184.65", Unit::Wanyuan, "95", "initial_budget", "200");
    assert_eq!(brief(&b.run()), vec![(Severity::Error, "statements".into(), Some(d("2.6750")))]);
    b.statement("某项", &[], "1", Unit::Wanyuan, "5", "上年决算", "");
    assert_eq!(b.run().last().map(|f| (f.severity, f.check.as_str())), Some((Severity::Warning, "statements")));
}

#[test]
fn comparisons_name_totals() {
    let mut b = B::new(Unit::Wanyuan);
    seed_balance(&mut b, "收支总表", "44,338", "12", "44,350", "44,350", "0", "44,350");
    let p = b.prior("-6,593.32", "-12.94", "", false);
    b.comparison("部门预算收入", Measure::IncomeTotal, "44,350", p);
    let p = b.prior("-6,593.32", "-12.94", "", false);
    b.comparison("部门预算支出", Measure::ExpenditureTotal, "44,350", p);
    assert!(b.run().is_empty(), "{:#?}", b.run());
    let p = b.prior("", "", "", true);
    b.comparison("部门预算支出", Measure::ExpenditureTotal, "44,305", p);
    assert_eq!(brief(&b.run()), vec![(Severity::Error, "cross_table".into(), Some(d("-45")))]);
}

// ---------------------------------------------------------------------------------------------
// import notes, API

#[test]
fn missing_tables_and_importer_warnings_are_warnings() {
    let mut b = B::new(Unit::Wanyuan);
    b.b.missing_tables.push("国有资本经营预算支出表".into());
    b.b.warnings.push(Warning { line: 12, message: "unit not found, 万元 assumed".into(), page: None });
    let fs = b.run();
    assert_eq!(brief(&fs), vec![(Severity::Warning, "missing".into(), None), (Severity::Warning, "import".into(), None)]);
    assert!(fs[0].message.contains("国有资本经营预算支出表"));
    assert!(fs[1].message.contains("unit not found") && fs[1].where_ == "第 12 行");
    assert!(!has_errors(&fs));
}

#[test]
fn display_is_one_line_and_has_errors_sees_errors() {
    let mut b = B::new(Unit::Wanyuan);
    let t = b.table(T7, Unit::Wanyuan);
    b.row(t, "20805", "行政事业单位养老支出", "358.55", "", "").row(t, "2080502", "事业单位离退休", "357.15", "", "");
    let fs = b.run();
    assert!(has_errors(&fs));
    assert_eq!(
        fs[0].display(),
        "[错误 error] hierarchy: 20805 行政事业单位养老支出 [合计]：Σ项 = 357.15 ≠ 358.55 万元（差 1.40 万元 > 容差 0.010：超出文件自身的舍入） — 一般公共预算支出表（按功能分类） «20805 行政事业单位养老支出»，第 1 行 ↔ Σ项 (第 2 行)"
    );
    assert!(!fs[0].display().contains('\n'));
    let json = serde_json::to_string(&fs[0]).unwrap();
    assert!(json.contains("\"where\":") && json.contains("\"severity\":\"error\"") && json.contains("\"difference\":\"1.40\""), "{json}");
}

#[test]
fn no_panic_on_extreme_amounts() {
    let mut b = B::new(Unit::Yiyuan);
    let t = b.table(T7, Unit::Yiyuan);
    let big = "79228162514264337593543950335";
    b.row(t, "201", "x", big, big, big).row(t, "20101", "y", big, "", big).row(t, "20102", "z", big, "", big);
    b.total_row(t, big, "0.0000000000000000000000000001", big);
    b.stated(TotalKind::ExpenditureThisYear, big, "收支总表");
    let p = b.prior(big, big, "0.0000000000000000000000000001", false);
    b.comparison("部门预算支出", Measure::Other, big, p);
    b.statement("x", &["x"], big, Unit::Yuan, big, "expenditure_this_year", "");
    let _ = b.run(); // overflowing comparisons are skipped, never panic
}

// ---------------------------------------------------------------------------------------------
// The seed (futian-investment-2022, 万元) rebuilt by hand, as the importer is meant to read it.

const S1: &str = "收支总表";
const S6: &str = "政府预算拨款收支总表";

/// The expenditure side of 收支总表 / 政府预算拨款收支总表: names only, no codes.
fn seed_summary_side(b: &mut B, title: &str) {
    let t = b.table(title, Unit::Wanyuan);
    b.rows1(
        t,
        &[
            ("", "一、一般公共服务支出", "6,301.32"),
            ("", "商贸事务", "1,509.59"),
            ("", "其他商贸事务支出", "1,509.59"),
            ("", "其他一般公共服务支出", "4,791.73"),
            ("", "其他一般公共服务支出", "4,791.73"),
            ("", "二、社会保障和就业支出", "9,637.86"),
            ("", "人力资源和社会保障管理事务", "9,280.00"),
            ("", "引进人才费用", "9,280.00"),
            ("", "行政事业单位养老支出", "357.16"),
            ("", "事业单位离退休", "115.46"),
            ("", "机关事业单位基本养老保险缴费支出", "162.56"),
            ("", "机关事业单位职业年金缴费支出", "79.13"),
            ("", "其他社会保障和就业支出", "0.70"),
            ("", "其他社会保障和就业支出", "0.70"),
            ("", "三、卫生健康支出", "68.01"),
            ("", "行政事业单位医疗", "68.01"),
            ("", "事业单位医疗", "68.01"),
            ("", "四、住房保障支出", "342.81"),
            ("", "住房改革支出", "342.81"),
            ("", "住房公积金", "233.65"),
            ("", "购房补贴", "109.16"),
            ("", "五、资源勘探工业信息支出", "28,000"),
            ("", "支持中小企业发展和管理支出", "28,000"),
            ("", "其他支持中小企业发展和管理支出", "28,000"),
        ],
    );
    let first = if title == S1 { "一、政府预算拨款" } else { "政府预算拨款" };
    b.income(title, first, "44,338", 0).income(title, "1. 一般公共预算拨款", "44,338", 1).income(title, "2. 政府性基金预算拨款", "0", 1).income(title, "3. 国有资本经营预算拨款", "0", 1);
    if title == S1 {
        b.income(title, "二、财政专户管理资金", "0", 0)
            .income(title, "3. 上级补助收入", "0", 1)
            .income(title, "4. 附属单位上缴收入", "0", 1)
            .income(title, "5. 其他收入", "0", 1);
    }
    b.stated(TotalKind::IncomeThisYear, "44,338", title);
    b.stated(TotalKind::ExpenditureThisYear, "44,350", title);
    // The function table's 合计 row is the 本年支出合计 line itself.
    let src = b.b.totals.last().map(|t| t.source.clone()).unwrap();
    b.b.function_tables[t].total = Some(FunctionRow { code: String::new(), name: "本年支出合计".into(), total: Some(d("44,350")), basic: None, project: None, source: src });
    b.stated(TotalKind::CarryOverIn, "12", title)
        .stated(TotalKind::CarryOverOut, "0", title)
        .stated(TotalKind::IncomeGrand, "44,350", title)
        .stated(TotalKind::ExpenditureGrand, "44,350", title);
}

fn seed_by_hand() -> B {
    let mut b = B::new(Unit::Wanyuan);
    let p = b.prior("-6,593.32", "-12.94", "", false);
    b.comparison("部门预算收入", Measure::IncomeTotal, "44,350", p);
    let p = b.prior("-6,593.32", "-12.94", "", false);
    b.comparison("部门预算支出", Measure::ExpenditureTotal, "44,350", p);
    b.economic(EconomicCategory::Personnel, "2,796.41")
        .economic(EconomicCategory::Public, "314.74")
        .economic(EconomicCategory::Households, "152.59")
        .economic(EconomicCategory::Project, "41,086.26");
    let p = b.prior("", "", "", true);
    b.project("预算准备金", "40", &[], false, Some(p));
    let p = b.prior("-73", "-28.85", "", false);
    b.project("投资促进管理", "180", &["60", "90", "30"], true, Some(p));
    let p = b.prior("5", "25", "", false);
    b.project("小型工程类项目（非政府投资项目）", "25", &["25"], true, Some(p));
    let p = b.prior("-252", "-3", "", false);
    b.project("人才政策经费", "9,280", &["9,280"], true, Some(p));
    let p = b.prior("216.62", "11", "", false);
    b.project("其他一般公共服务支出", "2,180", &["388", "70", "264", "350", "170", "550", "178", "160", "50"], true, Some(p));
    let p = b.prior("382", "41", "", false);
    b.project("一般管理事务", "1,308.26", &["44.5", "9", "178.34", "246.93", "16.83"], false, Some(p));
    let p = b.prior("-7,013", "-20", "", false);
    b.project("产业发展专项资金/产业发展专项资金", "28,000", &["25,000.00", "3,000"], true, Some(p));
    let p = b.prior("-17", "-19", "", false);
    b.project("课题调研专项", "73", &["43", "15", "15"], true, Some(p));
    b.procurement("19.5", "19.5", "0", "0");
    let p = b.prior("-0.1", "-0.56", "", false);
    b.sangong_text(SanGongCategory::Total, "17.66", Some(p));
    b.sangong_text(SanGongCategory::Abroad, "0", None);
    let p = b.prior("-0.1", "", "", false);
    b.sangong_text(SanGongCategory::Reception, "6.65", Some(p));
    b.sangong_text(SanGongCategory::Vehicles, "11.01", None);
    let p = b.prior("0", "", "", false);
    b.sangong_text(SanGongCategory::VehiclePurchase, "0", Some(p));
    let p = b.prior("0", "", "", false);
    b.sangong_text(SanGongCategory::VehicleOperation, "11.01", Some(p));
    let p = b.prior("0", "0", "", false);
    b.comparison("机关运行经费财政拨款", Measure::Other, "0", p);
    seed_summary_side(&mut b, S1);
    b.stated(TotalKind::ExpenditureGrand, "44,350", "支出总表")
        .stated(TotalKind::Basic, "3,263.74", "支出总表")
        .stated(TotalKind::Project, "41,086.26", "支出总表")
        .stated(TotalKind::Procurement, "19.50", "支出总表");
    seed_summary_side(&mut b, S6);
    let t = b.table(T7, Unit::Wanyuan);
    b.total_row(t, "44,350", "3,263.74", "41,086.26");
    b.row(t, "201", "一般公共服务支出", "6,301.32", "2,495.06", "3,806.26")
        .row(t, "20113", "商贸事务", "1,509.59", "21.33", "1,488.26")
        .row(t, "2011399", "其他商贸事务支出", "1,509.59", "21.33", "1,488.26")
        .row(t, "20199", "其他一般公共服务支出", "4,791.73", "2,473.73", "2,318.00")
        .row(t, "2019999", "其他一般公共服务支出", "4,791.73", "2,473.73", "2,318.00");
    block_208(&mut b, t, ("9,638", "358", "9,280"), "358.55");
    b.row(t, "210", "卫生健康支出", "68.01", "68.01", "0")
        .row(t, "21011", "行政事业单位医疗", "68.01", "68.01", "0")
        .row(t, "2101102", "事业单位医疗", "68.01", "68.01", "0")
        .row(t, "215", "资源勘探工业信息支出", "28,000", "0", "28,000")
        .row(t, "21508", "支持中小企业发展和管理支出", "28,000", "0", "28,000")
        .row(t, "2150899", "其他支持中小企业发展和管理支出", "28,000", "0", "28,000")
        .row(t, "221", "住房保障支出", "342.81", "342.81", "0")
        .row(t, "22102", "住房改革支出", "342.81", "342.81", "0")
        .row(t, "2210201", "住房公积金", "233.65", "233.65", "0")
        .row(t, "2210203", "购房补贴", "109.16", "109.16", "0");
    // Tables 9 and 10 print only a zero 合计 row.
    for title in ["政府性基金预算支出表", "国有资本经营预算支出表"] {
        let z = b.table(title, Unit::Wanyuan);
        b.total_row(z, "0", "0", "0");
    }
    seed_sangong(&mut b);
    b.tasks(&SEED_TASKS, "44,350.00");
    // The primary table is the coded one; put it first as the importer does.
    let t7 = b.b.function_tables.remove(t);
    b.b.function_tables.insert(0, t7);
    b
}

/// The subject of a message: up to its first `:` or ` = `.
fn key(message: &str) -> &str {
    let head = message.split(" = ").next().unwrap_or("");
    head.split(['：', ':']).next().unwrap_or("")
}

/// Exactly the seed's real inconsistencies, and nothing else.
fn assert_seed_findings(fs: &[Finding]) {
    let got: Vec<(Severity, &str, Option<Decimal>, &str)> =
        fs.iter().map(|f| (f.severity, f.check.as_str(), f.difference, key(&f.message))).collect();
    let r = Severity::Rounding;
    let e = Severity::Error;
    let want: Vec<(Severity, &str, Option<Decimal>, &str)> = vec![
        // 一般公共预算支出表（按功能分类）
        (e, "hierarchy", Some(d("-1.25")), "208 社会保障和就业支出 [合计]"),
        (e, "hierarchy", Some(d("-1.25")), "208 社会保障和就业支出 [基本支出]"),
        (e, "hierarchy", Some(d("1.40")), "20805 行政事业单位养老支出 [合计]"),
        (e, "hierarchy", Some(d("1.40")), "20805 行政事业单位养老支出 [基本支出]"),
        (r, "hierarchy", Some(d("-0.14")), "「一般公共预算支出表（按功能分类）」 合计 [合计]"),
        (r, "hierarchy", Some(d("-0.14")), "「一般公共预算支出表（按功能分类）」 合计 [基本支出]"),
        // 收支总表 / 政府预算拨款收支总表: 357.16 vs Σ项 357.15
        (r, "hierarchy", Some(d("0.01")), "20805 行政事业单位养老支出 [合计]"),
        (r, "hierarchy", Some(d("0.01")), "20805 行政事业单位养老支出 [合计]"),
        // the two summary tables against the function table
        (r, "cross_table", Some(d("-0.14")), "208 社会保障和就业支出 [合计]"),
        (e, "cross_table", Some(d("-1.39")), "20805 行政事业单位养老支出 [合计]"),
        (r, "cross_table", Some(d("-0.14")), "208 社会保障和就业支出 [合计]"),
        (e, "cross_table", Some(d("-1.39")), "20805 行政事业单位养老支出 [合计]"),
        // 绩效目标表
        (r, "tasks_sum", Some(d("-0.01")), "Σ 21 项任务 vs 金额合计"),
    ];
    let shown: Vec<String> = fs.iter().map(|f| f.display()).collect();
    // Missing tables and importer notes are the importer's account, checked apart.
    assert_eq!(got.into_iter().filter(|g| g.1 != "missing" && g.1 != "import").collect::<Vec<_>>(), want, "{shown:#?}");
    let t7 = fs.iter().find(|f| f.message.starts_with("「一般公共预算支出表（按功能分类）」 合计 [合计]")).unwrap();
    assert_eq!((t7.expected, t7.actual), (Some(d("44,350.14")), Some(d("44,350"))));
    assert!(t7.message.contains("原因：208 社会保障和就业支出 印 9,638，但其Σ款为 9,639.25"), "{}", t7.message);
    let basic = fs.iter().find(|f| f.message.starts_with("「一般公共预算支出表（按功能分类）」 合计 [基本支出]")).unwrap();
    assert_eq!((basic.expected, basic.actual), (Some(d("3,263.88")), Some(d("3,263.74"))));
    assert!(basic.message.contains("原因：208 社会保障和就业支出 印 358，但其Σ款为 359.25"));
    let c = fs.iter().find(|f| f.check == Check::CrossTable && f.severity == e).unwrap();
    assert_eq!((c.expected, c.actual), (Some(d("358.55")), Some(d("357.16"))));
    assert!(c.message.contains("「一般公共预算支出表（按功能分类）」 vs 「收支总表」"));
    assert_eq!(c.sources.len(), 2);
    let tasks = fs.iter().rev().find(|f| f.check == Check::TasksSum).unwrap();
    assert_eq!((tasks.expected, tasks.actual), (Some(d("44,350.01")), Some(d("44,350.00"))));
}

#[test]
fn seed_by_hand_finds_exactly_its_inconsistencies() {
    assert_seed_findings(&seed_by_hand().run());
}

#[test]
fn comparisons_fiscal_grand_total_contradicted() {
    // "财政拨款收入支出总计0.3万元" against 财政拨款收入支出决算总表's 总计 2,961.68 (both sides).
    let mut b = B::new(Unit::Wanyuan);
    let tb = "财政拨款收入支出决算总表";
    b.stated(TotalKind::IncomeThisYear, "2,940.05", tb).stated(TotalKind::CarryOverIn, "21.63", tb);
    b.stated(TotalKind::IncomeGrand, "2,961.68", tb).stated(TotalKind::ExpenditureGrand, "2,961.68", tb);
    seed_balance(&mut b, "收入支出决算总表", "2,946.25", "49.14", "2,995.39", "2,940.05", "55.34", "2,995.39");
    let p = b.prior("", "", "", true);
    b.comparison("财政拨款收入支出总计", Measure::FiscalGrandTotal, "0.3", p);
    let p = b.prior("-56.95", "-1.87", "", false);
    b.comparison("收入支出总计", Measure::GrandTotal, "2995.39", p);
    let p = b.prior("2.55", "1.40", "", false);
    b.comparison("机关运行经费支出", Measure::RunningCosts, "184.65", p);
    let fs = b.run();
    assert_eq!(brief(&fs), vec![(Severity::Error, "cross_table".into(), Some(d("-2961.38")))], "{fs:#?}");
    assert!(fs[0].message.starts_with("财政拨款收入支出总计 (财政拨款)：收入总计 「财政拨款收入支出决算总表」 vs 正文 = 2,961.68 ≠ 0.3 万元"), "{}", fs[0].message);
}

// ---------------------------------------------------------------------------------------------
// The fixtures through the importer.

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn fixture(name: &str) -> Budget {
    yusuan::import_text(&fixture_text(name)).expect("fixture imports")
}

/// (severity, check, difference) of the findings other than importer notes, sorted.
fn sorted_brief(fs: &[Finding]) -> Vec<(Severity, String, Option<Decimal>)> {
    let mut v: Vec<_> = brief(fs).into_iter().filter(|(_, c, _)| c != "import").collect();
    v.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    v
}

fn set(items: &[(Severity, &str, &str)]) -> Vec<(Severity, String, Option<Decimal>)> {
    let mut v: Vec<_> = items.iter().map(|(s, c, x)| (*s, c.to_string(), if x.is_empty() { None } else { Some(d(x)) })).collect();
    v.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    v
}

#[test]
fn seed_fixture_finds_exactly_its_inconsistencies() {
    let fs = audit(&fixture("futian-investment-2022.txt"));
    assert_seed_findings(&fs);
    let missing: Vec<&str> = fs.iter().filter(|f| f.check == Check::Missing).map(|f| f.message.as_str()).collect();
    assert_eq!(missing.len(), 3, "{missing:?}");
    assert!(missing.iter().any(|m| m.contains("«收入总表»") || m.contains("「收入总表」")));
    // The where of the 20805 cross-table error names both printed lines.
    let e = fs.iter().find(|f| f.check == Check::CrossTable && f.severity == Severity::Error).unwrap();
    assert_eq!(e.sources.iter().map(|s| s.line).collect::<Vec<_>>(), vec![315, 190]);
}

/// Findings the edited seed shows beyond the seed's own.
fn seed_edit(from: &str, to: &str) -> Vec<(Severity, String, Option<Decimal>)> {
    let text = fixture_text("futian-investment-2022.txt");
    assert!(text.contains(from), "edit target {from:?} not in the seed"); // the first occurrence is edited
    let base = audit(&yusuan::import_text(&text).unwrap());
    let edited = audit(&yusuan::import_text(&text.replacen(from, to, 1)).unwrap());
    let old: Vec<&str> = base.iter().map(|f| f.message.as_str()).collect();
    sorted_brief(&edited.into_iter().filter(|f| !old.contains(&f.message.as_str())).collect::<Vec<_>>())
}

#[test]
fn seed_edits_are_caught_by_their_check() {
    use Severity::*;
    // Σ economic lines 44,350.10 (within the integer rounding of 44,350) but 基本支出 3,263.84 ≠ 3,263.74.
    assert_eq!(seed_edit("家庭的补助支出 152.59 万元、", "家庭的补助支出 152.69 万元、"), set(&[(Rounding, "economic_split", "-0.10"), (Error, "economic_split", "-0.10")]));
    // 73 / 253 = 28.85%. The amounts are whole 万元 (73 ± 0.5 of 253 ± 1), so 28.58% is only a
    // rounding note, while 29.85% is beyond 73.5 / 252 = 29.17%.
    assert_eq!(seed_edit("减幅 28.85%", "减幅 28.58%"), set(&[(Rounding, "prior_change", "-0.273755")]));
    assert_eq!(seed_edit("减幅 28.85%", "减幅 29.85%"), set(&[(Error, "prior_change", "0.996245")]));
    // 收支总表 (the first of the two 总表): 44,338 + 14 ≠ 44,350.
    assert_eq!(seed_edit("上年结余、结转\t12", "上年结余、结转\t14"), set(&[(Error, "balance", "-2")]));
    // 三公 接待费 text 6.56 vs table 6.65; its prior 6.56 + 0.1 vs the 2021 row 6.75.
    assert_eq!(seed_edit("公务接待费。2022 年预算数 6.65", "公务接待费。2022 年预算数 6.56"), set(&[(Error, "sangong", "-0.09"), (Error, "sangong", "-0.09")]));
    // Components 53 + 15 + 15 = 83 ≠ 73.
    assert_eq!(seed_edit("区重点商务楼宇信息调研 43", "区重点商务楼宇信息调研 53"), set(&[(Error, "components_sum", "-10")]));
    // 金额合计 44,351.00: against Σ tasks and against 本年支出合计.
    assert_eq!(seed_edit("金额合计\t\t44,350.00", "金额合计\t\t44,351.00"), set(&[(Error, "tasks_sum", "0.99"), (Error, "tasks_sum", "1.00")]));
}

#[test]
fn putuo_final_accounts_findings() {
    use Severity::*;
    let b = fixture("putuo-finance-final-accounts-2024.txt");
    let fs = audit(&b);
    let mut want = vec![
        // 一般公共服务支出（类）2106.66万元，占71.73%: 2106.66 / 2940.05 = 71.65%.
        (Error, "statements", "0.076117"),
        // Σ类 2,940.06 / 2,336.91 + 0.01 / 2,946.26 against the 合计 rows (three tables).
        (Rounding, "hierarchy", "-0.01"),
        (Rounding, "hierarchy", "-0.01"),
        (Rounding, "hierarchy", "-0.01"),
        (Rounding, "hierarchy", "-0.01"),
        (Rounding, "hierarchy", "-0.01"),
        // 社会保障和就业支出 326.71 in both 总表 vs 326.72 in the tables.
        (Rounding, "cross_table", "-0.01"),
        (Rounding, "cross_table", "-0.01"),
        // 4.79 + 0 + 246.47 = 251.26 vs 251.25.
        (Rounding, "procurement", "-0.01"),
        // Σ 11 items' 年初预算 2,993.93 vs 2,993.92.
        (Rounding, "statements", "-0.01"),
    ];
    // "财政拨款收入支出总计0.3万元" contradicts 2,961.68 once the importer states that table's 总计.
    let fiscal_grand = b.totals.iter().any(|t| t.kind == TotalKind::IncomeGrand && t.source.table.as_deref().is_some_and(|t| t.contains("财政拨款")));
    if fiscal_grand {
        want.push((Error, "cross_table", "-2961.38"));
    }
    assert_eq!(sorted_brief(&fs), set(&want), "{:#?}", fs.iter().map(|f| f.display()).collect::<Vec<_>>());
    let share = fs.iter().find(|f| f.severity == Error && f.check == Check::Statements).unwrap();
    assert_eq!((share.expected, share.actual), (Some(d("71.653883")), Some(d("71.73"))));
    assert_eq!(share.sources.iter().map(|s| s.line).collect::<Vec<_>>(), vec![421, 277]);
    let c = fs.iter().find(|f| f.check == Check::CrossTable).unwrap();
    assert_eq!((c.expected, c.actual), (Some(d("326.72")), Some(d("326.71"))));
}

#[test]
fn putuo_budgets_only_round_when_prose_restates_tables_in_wan() {
    use Severity::*;
    // Commerce: the prose prints 万元 to 2 places for 元 amounts (938.99 for 9,389,913.00 …).
    let fs = audit(&fixture("putuo-commerce-budget-2025.txt"));
    // 37,151.47 万元 in the text vs 371,514,655.00 元: the 总表 and both totals of 财政拨款收支预算总表.
    let mut want = vec![
        (Rounding, "cross_table", "45.00"),
        (Rounding, "cross_table", "45.00"),
        (Rounding, "cross_table", "45.00"),
        (Warning, "projects_sum", "279474000.00"),
    ];
    for diff in ["-13.00", "-20.00", "-16.00", "20.00", "14.00", "-43.00", "40.00", "-41.00", "38.00", "-34.00"] {
        want.push((Rounding, "statements", diff));
    }
    assert_eq!(sorted_brief(&fs), set(&want), "{:#?}", fs.iter().map(|f| f.display()).collect::<Vec<_>>());
    assert!(!has_errors(&fs));
    // Government office: the same, and nothing else.
    let fs = audit(&fixture("putuo-govoffice-budget-2025.txt"));
    let mut want = vec![(Rounding, "cross_table", "24.65"), (Rounding, "cross_table", "24.65"), (Rounding, "cross_table", "24.65")];
    for diff in ["-1.84", "4.42", "-20.00", "40.48", "20.24", "-20.00", "44.72", "-18.15", "-45.22", "20.00"] {
        want.push((Rounding, "statements", diff));
    }
    assert_eq!(sorted_brief(&fs), set(&want), "{:#?}", fs.iter().map(|f| f.display()).collect::<Vec<_>>());
    let f = fs.iter().find(|f| f.check == Check::Statements).unwrap();
    assert_eq!((f.expected, f.actual, f.unit), (Some(d("12,029,501.84")), Some(d("12,029,500.00")), Some(Unit::Yuan)));
}
