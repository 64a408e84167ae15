//! A hand-built budget with every part of the model filled in, numbers taken from the seed
//! (futian-investment-2022, 万元), so JSON, schema and CLI tests do not depend on the importer.
#![allow(dead_code)]

use rust_decimal::Decimal;
use std::str::FromStr;
use yusuan::model::*;
use yusuan::money::Unit;

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn row(line: u32, code: &str, name: &str, t: &str, b: Option<&str>, p: Option<&str>) -> FunctionRow {
    FunctionRow {
        code: code.into(),
        name: name.into(),
        total: Some(d(t)),
        basic: b.map(d),
        project: p.map(d),
        source: Source::row(line, "一般公共预算支出表（按功能分类）", name),
    }
}

fn total(kind: TotalKind, amount: &str, line: u32, label: &str) -> StatedTotal {
    StatedTotal { kind, amount: d(amount), unit: Unit::Wanyuan, source: Source::row(line, "收支总表", label) }
}

pub fn seed_like() -> Budget {
    let w = Unit::Wanyuan;
    let prior = |year, change: &str, percent: &str, line| PriorYear {
        year,
        amount: None,
        change: Some(d(change)),
        percent: Some(d(percent)),
        unchanged: false,
        unit: w,
        source: Source::text(line, "比 2021 年减少 6,593.32 万元，下降 12.94%"),
    };
    Budget {
        department: "深圳市福田区投资推广和企业服务中心".into(),
        year: Some(2022),
        kind: DocKind::Budget,
        unit: w,
        income: vec![
            Line { name: "政府预算拨款".into(), amount: d("44338"), unit: w, depth: 0, source: Source::row(184, "收支总表", "一、政府预算拨款") },
            Line { name: "一般公共预算拨款".into(), amount: d("44338"), unit: w, depth: 1, source: Source::row(185, "收支总表", "1. 一般公共预算拨款") },
        ],
        totals: vec![
            total(TotalKind::IncomeThisYear, "44338", 230, "本年收入合计"),
            total(TotalKind::CarryOverIn, "12", 231, "上年结余、结转"),
            total(TotalKind::IncomeGrand, "44350", 232, "收入总计"),
            total(TotalKind::ExpenditureThisYear, "44350", 230, "本年支出合计"),
            total(TotalKind::CarryOverOut, "0", 231, "结转下年"),
            total(TotalKind::ExpenditureGrand, "44350", 232, "支出总计"),
            StatedTotal { kind: TotalKind::Basic, amount: d("3263.74"), unit: w, source: Source::row(250, "支出总表", "基本支出") },
            StatedTotal { kind: TotalKind::Project, amount: d("41086.26"), unit: w, source: Source::row(250, "支出总表", "项目支出") },
        ],
        function_tables: vec![FunctionTable {
            title: "一般公共预算支出表（按功能分类）".into(),
            unit: w,
            rows: vec![
                row(311, "201", "一般公共服务支出", "6301.32", Some("2495.06"), Some("3806.26")),
                row(312, "20113", "商贸事务", "1509.59", Some("21.33"), Some("1488.26")),
                row(313, "2011399", "其他商贸事务支出", "1509.59", Some("21.33"), Some("1488.26")),
                row(316, "208", "社会保障和就业支出", "9638", Some("358"), Some("9280")),
                row(317, "20801", "人力资源和社会保障管理事务", "9280", Some("0"), Some("9280")),
                row(318, "2080116", "引进人才费用", "9280.00", None, Some("9280.00")),
            ],
            total: Some(FunctionRow {
                code: String::new(),
                name: "合计".into(),
                total: Some(d("44350")),
                basic: Some(d("3263.74")),
                project: Some(d("41086.26")),
                source: Source::row(310, "一般公共预算支出表（按功能分类）", "深圳市福田区投资推广和企业服务中心"),
            }),
        }],
        economic: vec![
            EconomicLine { category: EconomicCategory::Personnel, amount: d("2796.41"), unit: w, source: Source::text(61, "人员支出 2,796.41 万元") },
            EconomicLine { category: EconomicCategory::Project, amount: d("41086.26"), unit: w, source: Source::text(61, "项目支出 41,086.26 万元") },
        ],
        projects: vec![Project {
            name: "投资促进管理".into(),
            amount: d("180"),
            unit: w,
            components: vec![Component { name: "国内外招商引资推介会宣传".into(), amount: d("60"), source: Source::text(75, "国内外招商引资推介会宣传 60 万元") }],
            components_complete: true,
            prior: Some(PriorYear { year: 2021, amount: None, change: Some(d("-73")), percent: Some(d("-28.85")), unchanged: false, unit: w, source: Source::text(75, "较 2021 年预算减少 73 万元") }),
            source: Source::text(75, "投资促进管理预算 180 万元"),
        }],
        sangong: vec![SanGong {
            year: Some(2022),
            phase: None,
            total: Some(d("17.66")),
            abroad: Some(d("0")),
            reception: Some(d("6.65")),
            vehicles: Some(d("11.01")),
            vehicle_purchase: Some(d("0")),
            vehicle_operation: Some(d("11.01")),
            unit: w,
            source: Source::row(360, "一般公共预算“三公”经费支出表", "2022 年"),
        }],
        sangong_text: vec![SanGongStatement {
            category: SanGongCategory::Total,
            amount: d("17.66"),
            unit: w,
            prior: Some(prior(2021, "-0.1", "-0.56", 107)),
            source: Source::text(107, "“三公”经费预算 17.66 万元"),
        }],
        comparisons: vec![Comparison {
            subject: "部门预算支出".into(),
            measure: Measure::ExpenditureTotal,
            amount: d("44350"),
            prior: prior(2021, "-6593.32", "-12.94", 53),
        }],
        statements: vec![Statement {
            subject: "一般公共服务支出".into(),
            path: vec!["一般公共服务支出".into()],
            amount: d("6301.32"),
            unit: w,
            percent: None,
            percent_of: None,
            initial_budget: None,
            source: Source::text(1, "一般公共服务支出 6,301.32 万元"),
        }],
        procurement: Some(Procurement {
            total: d("19.5"),
            goods: Some(d("19.5")),
            works: Some(d("0")),
            services: Some(d("0")),
            unit: w,
            source: Source::text(101, "政府采购项目纳入 2022 年部门预算共计 19.5 万元"),
        }),
        performance: Some(Performance {
            tasks: vec![Task {
                name: "企业人才建设".into(),
                description: "做好辖区高端人才交流学习。".into(),
                total: d("350.00"),
                fiscal: Some(d("350.00")),
                other: Some(d("0.00")),
                unit: w,
                source: Source::row(420, "单位整体支出绩效目标表", "企业人才建设"),
            }],
            stated_total: Some(Line { name: "金额合计".into(), amount: d("44350.00"), unit: w, depth: 0, source: Source::row(445, "单位整体支出绩效目标表", "金额合计") }),
            goal: "以习近平新时代中国特色社会主义思想为指导".into(),
            indicators: vec![Indicator {
                level1: "产出".into(),
                level2: "数量".into(),
                name: "展会支持对象数".into(),
                target: "8家".into(),
                source: Source::row(450, "单位整体支出绩效目标表", "展会支持对象数"),
            }],
        }),
        missing_tables: vec!["(四) 基本支出总表".into()],
        warnings: vec![Warning { line: 300, message: "row without code".into(), page: None }],
        files: Vec::new(),
    }
}
