//! What the prose of each fixture states, read through the public importer: prior-year
//! comparisons, projects and their components, 三公, procurement, the economic split and the
//! other amounts the sentences give, each citing its line in the fixture.

use rust_decimal::Decimal;
use std::str::FromStr;
use yusuan::model::*;
use yusuan::money::Unit;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn import(name: &str) -> Budget {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    yusuan::import_text(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn prose_warnings(b: &Budget) -> Vec<&Warning> {
    b.warnings.iter().filter(|w| w.message.contains("比较") || w.message.starts_with("项目")).collect()
}

fn comparison(b: &Budget, measure: Measure) -> &Comparison {
    let found: Vec<&Comparison> = b.comparisons.iter().filter(|c| c.measure == measure).collect();
    assert_eq!(found.len(), 1, "{measure:?}: {:#?}", b.comparisons);
    found[0]
}

fn sangong(b: &Budget, category: SanGongCategory) -> &SanGongStatement {
    let found: Vec<&SanGongStatement> = b.sangong_text.iter().filter(|s| s.category == category).collect();
    assert_eq!(found.len(), 1, "{category:?}: {:#?}", b.sangong_text);
    found[0]
}

fn economic(b: &Budget, cat: EconomicCategory) -> Decimal {
    b.economic.iter().find(|e| e.category == cat).map(|e| e.amount).unwrap_or_else(|| panic!("{cat:?} missing"))
}

#[test]
#[allow(clippy::type_complexity)]
fn seed_projects_sum_to_the_project_total_and_each_has_its_prior_year() {
    let b = import("futian-investment-2022.txt");
    let got: Vec<(&str, Decimal, u32, Option<Decimal>, Option<Decimal>, bool)> = b
        .projects
        .iter()
        .map(|p| {
            let prior = p.prior.as_ref().unwrap();
            assert_eq!(prior.year, 2021);
            (p.name.as_str(), p.amount, p.source.line, prior.change, prior.percent, prior.unchanged)
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("预算准备金", d("40"), 73, None, None, true),
            ("投资促进管理", d("180"), 75, Some(d("-73")), Some(d("-28.85")), false),
            ("小型工程类项目（非政府投资项目）", d("25"), 77, Some(d("5")), Some(d("25")), false),
            ("人才政策经费", d("9280"), 79, Some(d("-252")), Some(d("-3")), false),
            ("其他一般公共服务支出", d("2180"), 83, Some(d("216.62")), Some(d("11")), false),
            ("一般管理事务", d("1308.26"), 87, Some(d("382")), Some(d("41")), false),
            ("产业发展专项资金", d("28000"), 89, Some(d("-7013")), Some(d("-20")), false),
            ("课题调研专项", d("73"), 91, Some(d("-17")), Some(d("-19")), false),
        ]
    );
    let sum: Decimal = b.projects.iter().map(|p| p.amount).sum();
    assert_eq!(sum, d("41086.26"));
    assert!(b.projects.iter().all(|p| p.unit == Unit::Wanyuan));

    let counts: Vec<(usize, bool)> = b.projects.iter().map(|p| (p.components.len(), p.components_complete)).collect();
    assert_eq!(counts, [(0, false), (3, true), (1, true), (1, true), (9, true), (5, false), (2, true), (3, true)]);
    // Complete lists add up to their item; 一般管理事务 lists only part (…16.83 万元等).
    for p in b.projects.iter().filter(|p| p.components_complete) {
        let sum: Decimal = p.components.iter().map(|c| c.amount).sum();
        assert_eq!(sum, p.amount, "{}", p.name);
    }
    let talent = &b.projects[3];
    assert_eq!(talent.components[0].name, "英才荟专项经费");
    assert_eq!(talent.components[0].source.line, 79, "the name starts on line 79, its amount is on 81");
    assert_eq!(talent.prior.as_ref().unwrap().source.line, 81);
    assert!(prose_warnings(&b).is_empty(), "{:?}", prose_warnings(&b));
}

#[test]
fn seed_comparisons_sangong_procurement_and_economic_split() {
    let b = import("futian-investment-2022.txt");
    let e = comparison(&b, Measure::ExpenditureTotal);
    assert_eq!((e.subject.as_str(), e.amount), ("部门预算支出", d("44350")));
    assert_eq!((e.prior.year, e.prior.change, e.prior.percent), (2021, Some(d("-6593.32")), Some(d("-12.94"))));
    assert_eq!(e.prior.source.line, 53);
    assert_eq!(b.prior_expenditure().map(|c| c.amount), Some(d("44350")));
    let i = comparison(&b, Measure::IncomeTotal);
    assert_eq!((i.amount, i.prior.change), (d("44350"), Some(d("-6593.32"))));
    let r = comparison(&b, Measure::RunningCosts);
    assert_eq!((r.amount, r.prior.change, r.prior.percent, r.prior.source.line), (d("0"), Some(d("0")), Some(d("0")), 136));
    assert_eq!(b.comparisons.len(), 3);

    let total = sangong(&b, SanGongCategory::Total);
    assert_eq!((total.amount, total.source.line), (d("17.66"), 101));
    let p = total.prior.as_ref().unwrap();
    assert_eq!((p.change, p.percent), (Some(d("-0.1")), Some(d("-0.56"))));
    assert_eq!(sangong(&b, SanGongCategory::Reception).prior.as_ref().unwrap().change, Some(d("-0.1")));
    assert_eq!(sangong(&b, SanGongCategory::Reception).amount, d("6.65"));
    assert_eq!(sangong(&b, SanGongCategory::Vehicles).amount, d("11.01"));
    assert_eq!(sangong(&b, SanGongCategory::Abroad).amount, d("0"));
    assert_eq!(sangong(&b, SanGongCategory::VehiclePurchase).prior.as_ref().unwrap().change, Some(d("0")));
    assert_eq!(sangong(&b, SanGongCategory::VehicleOperation).amount, d("11.01"));
    assert_eq!(b.sangong_text.len(), 6);

    let proc = b.procurement.as_ref().unwrap();
    assert_eq!((proc.total, proc.goods, proc.works, proc.services), (d("19.5"), Some(d("19.5")), Some(d("0")), Some(d("0"))));

    assert_eq!(economic(&b, EconomicCategory::Personnel), d("2796.41"));
    assert_eq!(economic(&b, EconomicCategory::Public), d("314.74"));
    assert_eq!(economic(&b, EconomicCategory::Households), d("152.59"));
    assert_eq!(economic(&b, EconomicCategory::Project), d("41086.26"));

    let perf = b.statements.iter().find(|s| s.subject == "项目绩效目标").unwrap();
    assert_eq!((perf.amount, perf.percent, perf.source.line), (d("41086.26"), None, 121));
    let key = b.statements.iter().find(|s| s.subject == "其他一般公共服务支出").unwrap();
    assert_eq!((key.amount, key.source.line), (d("2180"), 128));
}

#[test]
fn putuo_commerce_prose() {
    let b = import("putuo-commerce-budget-2025.txt");
    let names: Vec<(&str, Decimal, usize, bool)> =
        b.projects.iter().map(|p| (p.name.as_str(), p.amount, p.components.len(), p.components_complete)).collect();
    assert_eq!(
        names,
        [
            ("科技创新专项", d("1720.00"), 1, true),
            ("生命健康专项（政策资金）", d("1170.00"), 4, true),
            ("商业创新专项（政策资金）", d("1410.00"), 5, true),
            ("贸易高质量发展专项（政策资金）", d("2921.00"), 5, true),
        ]
    );
    for p in &b.projects {
        assert_eq!(p.unit, Unit::Wanyuan);
        let sum: Decimal = p.components.iter().map(|c| c.amount).sum();
        assert_eq!(sum, p.amount, "{}", p.name);
    }
    assert_eq!(b.projects[1].source.line, 369);
    assert_eq!(b.projects[1].components[3].source.line, 370);

    let f = comparison(&b, Measure::FiscalIncome);
    assert_eq!((f.amount, f.prior.year, f.prior.change, f.prior.percent), (d("37151.47"), 2024, Some(d("24558.18")), None));
    assert_eq!(comparison(&b, Measure::FiscalExpenditure).prior.change, Some(d("24491.71")));
    assert_eq!(comparison(&b, Measure::GeneralBudgetExpenditure).prior.change, Some(d("24491.71")));
    assert!(comparison(&b, Measure::GovernmentFundExpenditure).prior.unchanged);
    assert!(comparison(&b, Measure::StateCapitalExpenditure).prior.unchanged);

    for cat in SanGongCategory::ALL {
        let s = sangong(&b, cat);
        let p = s.prior.as_ref().unwrap();
        assert!(p.unchanged && p.year == 2024, "{cat:?}");
    }
    assert_eq!(sangong(&b, SanGongCategory::Total).amount, d("1.00"));
    assert_eq!(sangong(&b, SanGongCategory::Reception).amount, d("1.00"));

    let proc = b.procurement.as_ref().unwrap();
    assert_eq!((proc.total, proc.goods, proc.works, proc.services), (d("38.20"), Some(d("7.80")), Some(d("0")), Some(d("30.40"))));

    let items: Vec<&Statement> = b.statements.iter().filter(|s| s.path.len() == 3).collect();
    assert_eq!(items.len(), 16);
    assert_eq!(items[0].path, ["一般公共服务支出", "商贸事务", "行政运行"]);
    assert_eq!((items[0].amount, items[0].source.line), (d("938.99"), 111));
    assert_eq!((items[8].amount, items[8].source.line), (d("70.54"), 121), "item 9 follows a page break on line 121");
    // Each item is rounded from 元 to 万元: together they are one cent under the 37,151.47 total.
    let sum: Decimal = items.iter().map(|s| s.amount).sum();
    assert_eq!(sum, d("37151.46"));
    let running = b.statements.iter().find(|s| s.subject.contains("机关运行经费")).unwrap();
    assert_eq!((running.amount, running.source.line), (d("171.01"), 328));
    assert!(prose_warnings(&b).is_empty(), "{:?}", prose_warnings(&b));
}

#[test]
fn putuo_govoffice_prose() {
    let b = import("putuo-govoffice-budget-2025.txt");
    // The one project section states no amount ("按时拨付资金"): no project is made up.
    assert!(b.projects.is_empty());
    let f = comparison(&b, Measure::FiscalIncome);
    assert_eq!((f.amount, f.prior.change, f.prior.source.line), (d("9101.68"), Some(d("-2389.52")), 59));
    assert_eq!(comparison(&b, Measure::GeneralBudgetExpenditure).prior.change, Some(d("-2389.52")));
    assert_eq!(sangong(&b, SanGongCategory::Total).amount, d("867.50"));
    assert_eq!(sangong(&b, SanGongCategory::Abroad).amount, d("839"));
    assert_eq!(sangong(&b, SanGongCategory::Reception).amount, d("28.50"));
    assert!(b.sangong_text.iter().all(|s| s.prior.as_ref().is_some_and(|p| p.unchanged)));
    let items: Vec<&Statement> = b.statements.iter().filter(|s| s.path.len() == 3).collect();
    assert_eq!(items.len(), 12);
    assert_eq!(items[0].path, ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"]);
    let sum: Decimal = items.iter().map(|s| s.amount).sum();
    assert_eq!(sum, d("9101.68"));
    let proc = b.procurement.as_ref().unwrap();
    assert_eq!((proc.total, proc.services), (d("34"), Some(d("34"))));
    assert!(prose_warnings(&b).is_empty(), "{:?}", prose_warnings(&b));
}

#[test]
fn putuo_final_accounts_prose() {
    let b = import("putuo-finance-final-accounts-2024.txt");
    let g = comparison(&b, Measure::GrandTotal);
    assert_eq!((g.subject.as_str(), g.amount), ("收入支出总计", d("2995.39")));
    assert_eq!((g.prior.year, g.prior.change, g.prior.percent, g.prior.source.line), (2023, Some(d("-56.95")), Some(d("-1.87")), 401));
    let gb = comparison(&b, Measure::GeneralBudgetExpenditure);
    assert_eq!((gb.amount, gb.prior.change, gb.prior.percent), (d("2940.05"), Some(d("-63.14")), Some(d("-2.10"))));
    let r = comparison(&b, Measure::RunningCosts);
    assert_eq!((r.amount, r.prior.change, r.prior.percent, r.prior.source.line), (d("184.65"), Some(d("2.55")), Some(d("1.40")), 502));
    assert!(comparison(&b, Measure::FiscalGrandTotal).prior.unchanged);

    let share = |subject: &str| b.statements.iter().find(|s| s.subject == subject && s.percent.is_some()).unwrap();
    assert_eq!((share("财政拨款收入").percent, share("财政拨款收入").percent_of.as_deref()), (Some(d("99.79")), Some("income_this_year")));
    assert_eq!((share("基本支出").amount, share("基本支出").percent_of.as_deref()), (d("2336.91"), Some("expenditure_this_year")));
    let class = share("一般公共服务支出（类）");
    assert_eq!((class.path.clone(), class.amount, class.percent), (vec!["一般公共服务支出".to_string()], d("2106.66"), Some(d("71.73"))));
    assert_eq!(class.percent_of.as_deref(), Some("general_budget_expenditure"));

    let initial: Vec<(usize, Decimal, Option<Decimal>)> = b
        .statements
        .iter()
        .filter(|s| s.initial_budget.is_some())
        .map(|s| (s.path.len(), s.amount, s.initial_budget))
        .collect();
    assert_eq!(initial.len(), 13, "{initial:?}");
    assert_eq!(initial[0], (0, d("2940.05"), Some(d("2993.92"))));
    assert_eq!(initial[1], (3, d("1511.89"), Some(d("1560.05"))));
    let items: Decimal = initial.iter().filter(|(n, _, _)| *n == 3).map(|(_, a, _)| *a).sum();
    // As printed the eleven items add up to one cent more than 2,940.05 (the tables agree: 326.72 vs 326.71).
    assert_eq!(items, d("2940.06"));

    assert_eq!(economic(&b, EconomicCategory::Personnel), d("2152.26"));
    assert_eq!(economic(&b, EconomicCategory::Public), d("184.65"));

    use SanGongCategory::*;
    for cat in [Total, Abroad, Vehicles, Reception] {
        let s = sangong(&b, cat);
        assert_eq!(s.amount, d("0.00"), "{cat:?}");
        assert!(s.prior.as_ref().is_some_and(|p| p.unchanged && p.year == 2023), "{cat:?}");
    }
    let proc = b.procurement.as_ref().unwrap();
    assert_eq!((proc.total, proc.goods, proc.works, proc.services), (d("251.25"), Some(d("4.79")), Some(d("0")), Some(d("246.47"))));
    assert_eq!(proc.source.line, 505);
    assert!(prose_warnings(&b).is_empty(), "{:?}", prose_warnings(&b));
}

#[test]
fn headline_comparison_is_total_spending_else_the_fiscal_spending_the_text_compares() {
    // The seed compares its total: last year's amount as printed.
    let h = import("futian-investment-2022.txt").headline_comparison().unwrap();
    assert_eq!((&h.measure, h.amount, h.prior.amount), (&Measure::ExpenditureTotal, d("44350"), Some(d("50943.32"))));
    // Putuo commerce compares only 财政拨款支出: 37,151.47 − 24,491.71 = 12,659.76, derived exactly.
    let h = import("putuo-commerce-budget-2025.txt").headline_comparison().unwrap();
    assert_eq!((h.subject.as_str(), &h.measure), ("财政拨款支出预算", &Measure::FiscalExpenditure));
    assert_eq!((h.prior.year, h.prior.change, h.prior.amount), (2024, Some(d("24491.71")), Some(d("12659.76"))));
    // The model itself is untouched: the printed sentence gave no amount.
    assert_eq!(comparison(&import("putuo-commerce-budget-2025.txt"), Measure::FiscalExpenditure).prior.amount, None);
}
