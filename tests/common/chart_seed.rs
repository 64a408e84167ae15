//! The seed (futian-investment-2022, 万元) built by hand from its printed numbers, so chart tests
//! do not wait on the importer. Lines cite the fixture.
#![allow(dead_code)]

use rust_decimal::Decimal;
use std::str::FromStr;
use yusuan::model::*;
use yusuan::money::Unit;

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const W: Unit = Unit::Wanyuan;
const T7: &str = "一般公共预算支出表（按功能分类）";

fn row(line: u32, code: &str, name: &str, t: &str, b: &str, p: &str) -> FunctionRow {
    FunctionRow { code: code.into(), name: name.into(), total: Some(d(t)), basic: Some(d(b)), project: Some(d(p)), source: Source::row(line, T7, name) }
}

fn total(kind: TotalKind, amount: &str, line: u32, label: &str) -> StatedTotal {
    StatedTotal { kind, amount: d(amount), unit: W, source: Source::row(line, "收支总表", label) }
}

fn prior(change: Option<&str>, unchanged: bool, line: u32) -> Option<PriorYear> {
    Some(PriorYear { year: 2021, amount: None, change: change.map(d), percent: None, unchanged, unit: W, source: Source::text(line, "较 2021 年预算") })
}

fn project(line: u32, name: &str, amount: &str, comps: &[(&str, &str)], complete: bool, p: Option<PriorYear>) -> Project {
    Project {
        name: name.into(),
        amount: d(amount),
        unit: W,
        components: comps.iter().map(|(n, a)| Component { name: (*n).into(), amount: d(a), source: Source::text(line, n) }).collect(),
        components_complete: complete,
        prior: p,
        source: Source::text(line, name),
    }
}

fn task(line: u32, name: &str, amount: &str) -> Task {
    Task { name: name.into(), description: String::new(), total: d(amount), fiscal: Some(d(amount)), other: Some(d("0.00")), unit: W, source: Source::row(line, "单位整体支出绩效目标表", name) }
}

fn ind(l1: &str, l2: &str, name: &str, target: &str) -> Indicator {
    Indicator { level1: l1.into(), level2: l2.into(), name: name.into(), target: target.into(), source: Source::row(430, "单位整体支出绩效目标表", name) }
}

fn sg(year: Option<i32>, v: [&str; 6], line: u32) -> SanGong {
    SanGong {
        year,
        phase: None,
        total: Some(d(v[0])),
        abroad: Some(d(v[1])),
        reception: Some(d(v[2])),
        vehicles: Some(d(v[3])),
        vehicle_purchase: Some(d(v[4])),
        vehicle_operation: Some(d(v[5])),
        unit: W,
        source: Source::row(line, "一般公共预算“三公”经费支出表", "年度"),
    }
}

pub fn seed() -> Budget {
    let cmp = |subject: &str, measure: &str| Comparison {
        subject: subject.into(),
        measure: measure.into(),
        amount: d("44350"),
        prior: PriorYear { year: 2021, amount: None, change: Some(d("-6593.32")), percent: Some(d("-12.94")), unchanged: false, unit: W, source: Source::text(55, "比 2021 年减少 6,593.32 万元，下降 12.94%") },
    };
    Budget {
        department: "深圳市福田区投资推广和企业服务中心".into(),
        year: Some(2022),
        kind: DocKind::Budget,
        unit: W,
        income: vec![
            Line { name: "政府预算拨款".into(), amount: d("44338"), unit: W, depth: 0, source: Source::row(184, "收支总表", "一、政府预算拨款") },
            Line { name: "一般公共预算拨款".into(), amount: d("44338"), unit: W, depth: 1, source: Source::row(185, "收支总表", "1. 一般公共预算拨款") },
            Line { name: "政府性基金预算拨款".into(), amount: d("0"), unit: W, depth: 1, source: Source::row(186, "收支总表", "2. 政府性基金预算拨款") },
            Line { name: "国有资本经营预算拨款".into(), amount: d("0"), unit: W, depth: 1, source: Source::row(187, "收支总表", "3. 国有资本经营预算拨款") },
            Line { name: "财政专户管理资金".into(), amount: d("0"), unit: W, depth: 0, source: Source::row(188, "收支总表", "二、财政专户管理资金") },
        ],
        totals: vec![
            total(TotalKind::IncomeThisYear, "44338", 230, "本年收入合计"),
            total(TotalKind::CarryOverIn, "12", 231, "上年结余、结转"),
            total(TotalKind::IncomeGrand, "44350", 232, "收入总计"),
            total(TotalKind::ExpenditureThisYear, "44350", 230, "本年支出合计"),
            total(TotalKind::CarryOverOut, "0", 231, "结转下年"),
            total(TotalKind::ExpenditureGrand, "44350", 232, "支出总计"),
            StatedTotal { kind: TotalKind::Basic, amount: d("3263.74"), unit: W, source: Source::row(250, "支出总表", "基本支出") },
            StatedTotal { kind: TotalKind::Project, amount: d("41086.26"), unit: W, source: Source::row(250, "支出总表", "项目支出") },
        ],
        function_tables: vec![FunctionTable {
            title: T7.into(),
            unit: W,
            rows: vec![
                row(313, "201", "一般公共服务支出", "6301.32", "2495.06", "3806.26"),
                row(314, "20113", "商贸事务", "1509.59", "21.33", "1488.26"),
                row(315, "2011399", "其他商贸事务支出", "1509.59", "21.33", "1488.26"),
                row(316, "20199", "其他一般公共服务支出", "4791.73", "2473.73", "2318.00"),
                row(317, "2019999", "其他一般公共服务支出", "4791.73", "2473.73", "2318.00"),
                row(318, "208", "社会保障和就业支出", "9638", "358", "9280"),
                row(319, "20801", "人力资源和社会保障管理事务", "9280", "0", "9280"),
                row(320, "2080116", "引进人才费用", "9280", "0", "9280"),
                row(321, "20805", "行政事业单位养老支出", "358.55", "358.55", "0"),
                row(322, "2080502", "事业单位离退休", "115.46", "115.46", "0"),
                row(323, "2080505", "机关事业单位基本养老保险缴费支出", "162.56", "162.56", "0"),
                row(324, "2080506", "机关事业单位职业年金缴费支出", "79.13", "79.13", "0"),
                row(336, "20899", "其他社会保障和就业支出", "0.70", "0.70", "0"),
                row(337, "2089999", "其他社会保障和就业支出", "0.70", "0.70", "0"),
                row(338, "210", "卫生健康支出", "68.01", "68.01", "0"),
                row(339, "21011", "行政事业单位医疗", "68.01", "68.01", "0"),
                row(340, "2101102", "事业单位医疗", "68.01", "68.01", "0"),
                row(341, "215", "资源勘探工业信息支出", "28000", "0", "28000"),
                row(342, "21508", "支持中小企业发展和管理支出", "28000", "0", "28000"),
                row(343, "2150899", "其他支持中小企业发展和管理支出", "28000", "0", "28000"),
                row(344, "221", "住房保障支出", "342.81", "342.81", "0"),
                row(345, "22102", "住房改革支出", "342.81", "342.81", "0"),
                row(346, "2210201", "住房公积金", "233.65", "233.65", "0"),
                row(347, "2210203", "购房补贴", "109.16", "109.16", "0"),
            ],
            total: Some(FunctionRow {
                code: String::new(),
                name: "合计".into(),
                total: Some(d("44350")),
                basic: Some(d("3263.74")),
                project: Some(d("41086.26")),
                source: Source::row(312, T7, "深圳市福田区投资推广和企业服务中心"),
            }),
        }],
        economic: vec![
            EconomicLine { category: EconomicCategory::Personnel, amount: d("2796.41"), unit: W, source: Source::text(61, "人员支出 2,796.41 万元") },
            EconomicLine { category: EconomicCategory::Public, amount: d("314.74"), unit: W, source: Source::text(61, "公用支出 314.74 万元") },
            EconomicLine { category: EconomicCategory::Households, amount: d("152.59"), unit: W, source: Source::text(63, "对个人和家庭的补助支出 152.59 万元") },
            EconomicLine { category: EconomicCategory::Project, amount: d("41086.26"), unit: W, source: Source::text(63, "项目支出 41,086.26 万元") },
        ],
        projects: vec![
            project(73, "预算准备金", "40", &[], false, prior(None, true, 73)),
            project(75, "投资促进管理", "180", &[("国内外招商引资推介会宣传", "60"), ("尽职调查事项", "90"), ("福田区招商引资智能平台维护费", "30")], true, prior(Some("-73"), false, 75)),
            project(77, "小型工程类项目（非政府投资项目）", "25", &[("修缮办公场地工作", "25")], true, prior(Some("5"), false, 77)),
            project(79, "人才政策经费", "9280", &[("英才荟专项经费", "9280")], true, prior(Some("-252"), false, 79)),
            project(
                83,
                "其他一般公共服务支出",
                "2180",
                &[
                    ("综合信息服务平台项目", "388"),
                    ("商协会建设项目", "70"),
                    ("户外公共物业管理项目", "264"),
                    ("企业人才建设项目", "350"),
                    ("营商环境建设项目", "170"),
                    ("非公党委建设项目", "550"),
                    ("产业发展政策管理项目", "178"),
                    ("企业服务协调项目", "160"),
                    ("产业项目数字化评价体系及平台项目", "50"),
                ],
                true,
                prior(Some("216.62"), false, 83),
            ),
            project(87, "一般管理事务", "1308.26", &[("办公设备购置", "44.5"), ("培训费", "9"), ("其他一般管理事务", "178.34"), ("劳务派遣服务管理费", "246.93"), ("基层党建", "16.83")], false, prior(Some("382"), false, 87)),
            project(89, "产业发展专项资金", "28000", &[("招商引资分项", "25000.00"), ("行业协会分项", "3000")], true, prior(Some("-7013"), false, 89)),
            project(91, "课题调研专项", "73", &[("区重点商务楼宇信息调研", "43"), ("营商环境指数报告", "15"), ("政府服务企业满意度调查", "15")], true, prior(Some("-17"), false, 91)),
        ],
        sangong: vec![
            sg(Some(2021), ["17.76", "0", "6.75", "11.01", "0", "11.01"], 362),
            sg(Some(2022), ["17.66", "0", "6.65", "11.01", "0", "11.01"], 363),
            sg(None, ["-0.10", "0", "-0.10", "0.00", "0", "0.00"], 364),
        ],
        sangong_text: vec![SanGongStatement {
            category: "total".into(),
            amount: d("17.66"),
            unit: W,
            prior: Some(PriorYear { year: 2021, amount: None, change: Some(d("-0.1")), percent: Some(d("-0.56")), unchanged: false, unit: W, source: Source::text(107, "比 2021 年预算减少 0.1 万元") }),
            source: Source::text(107, "“三公”经费预算 17.66 万元"),
        }],
        comparisons: vec![cmp("部门预算收入", "income_total"), cmp("部门预算支出", "expenditure_total")],
        statements: vec![],
        procurement: Some(Procurement { total: d("19.5"), goods: Some(d("19.5")), works: Some(d("0")), services: Some(d("0")), unit: W, source: Source::text(101, "共计 19.5 万元") }),
        performance: Some(Performance {
            tasks: vec![
                task(420, "企业人才建设", "350.00"),
                task(421, "商协会建设", "70.00"),
                task(422, "修缮费", "25.00"),
                task(423, "综合信息服务平台", "388.00"),
                task(424, "营商环境建设", "170.00"),
                task(425, "产业项目数字化评价体系及平台", "50.00"),
                task(426, "行业协会分项", "3000.00"),
                task(428, "英才荟经费", "9280.00"),
                task(429, "招商引资分项", "25000.00"),
                task(430, "基本支出", "3263.74"),
                task(431, "一般管理事务", "309.16"),
                task(432, "预算准备金", "40.00"),
                task(433, "绩效考核经费", "707.67"),
                task(434, "办公设备购置", "44.50"),
                task(435, "劳务派遣", "246.94"),
                task(436, "课题调研", "73.00"),
                task(438, "产业发展政策管理", "178.00"),
                task(439, "非公党委建设", "550.00"),
                task(440, "户外公共物业管理", "264.00"),
                task(441, "企业服务协调", "160.00"),
                task(442, "投资推广事务", "180.00"),
            ],
            stated_total: Some(Line { name: "金额合计".into(), amount: d("44350.00"), unit: W, depth: 0, source: Source::row(443, "单位整体支出绩效目标表", "金额合计") }),
            goal: "以习近平新时代中国特色社会主义思想为指导".into(),
            indicators: vec![
                ind("产出", "数量", "重点楼宇及园区信息采集频次", "每季度至少一次"),
                ind("产出", "数量", "展会支持对象数", "8家"),
                ind("产出", "质量", "福田营商环境建设合格率", "100%"),
                ind("产出", "时效", "政策知晓率", "80%"),
                ind("成本", "预算执行率", "预算执行率", ">97%"),
                ind("效益", "经济效益", "服务匹配推送率", "90%"),
                ind("满意度", "服务对象满意度", "人才满意度", "90%"),
            ],
        }),
        missing_tables: vec![],
        warnings: vec![],
    }
}
