//! A deterministic synthetic city budget for scale benchmarks: one city-wide
//! 一般公共预算支出表（按功能分类） of N rows in the seed's tab-separated layout (万元), with
//! 类 (3-digit) → 款 (5) → 项 (7) codes. yusuan's model has one function table per document and
//! no department dimension, so the 300 departments appear as the owners of the 项 lines
//! (`行政运行·市教育局`). Every 款 is the exact sum of its 项 and every 类 of its 款, so the audit
//! has nothing to report and the benchmark measures reading, not error paths.
//!
//! `cargo run --release --example synth -- LINES [SEED] > city.txt` (default seed 2024).
//! benches/ include this file as a module and call `city`.

use std::fmt::Write;

/// Real 类 codes and names of the 2024 classification (the first 26 used).
const CLASSES: [(&str, &str); 26] = [
    ("201", "一般公共服务支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
    ("230", "转移性支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
];

const SECTIONS: [&str; 12] = [
    "行政事务",
    "业务管理",
    "公共服务",
    "专项事务",
    "建设管理",
    "运行保障",
    "人才发展",
    "监督检查",
    "信息化建设",
    "基础设施",
    "产业发展",
    "其他事务",
];

const ITEMS: [&str; 12] = [
    "行政运行",
    "一般行政管理事务",
    "机关服务",
    "事业运行",
    "专项业务",
    "信息化建设",
    "专项普查活动",
    "执法办案",
    "培训支出",
    "设施维护",
    "政策扶持",
    "其他支出",
];

const BUREAUS: [&str; 50] = [
    "发展改革委",
    "教育局",
    "科技创新局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "规划和自然资源局",
    "生态环境局",
    "住房和建设局",
    "交通运输局",
    "水务局",
    "商务局",
    "文化广电旅游体育局",
    "卫生健康委",
    "应急管理局",
    "审计局",
    "国资委",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "城市管理和综合执法局",
    "政务服务数据管理局",
    "退役军人事务局",
    "信访局",
    "档案馆",
    "地方志办",
    "机关事务管理局",
    "投资推广署",
    "口岸办",
    "气象局",
    "港务局",
    "建筑工务署",
    "前海管理局",
    "人民防空办",
    "金融监管局",
    "海洋渔业局",
    "体育中心",
    "图书馆",
    "博物馆",
    "第一医院",
    "第二医院",
    "中医院",
    "疾控中心",
    "急救中心",
    "社会福利中心",
    "职业技术学院",
    "高级中学",
];

const AREAS: [&str; 6] = ["市", "福田区", "罗湖区", "南山区", "宝安区", "龙岗区"];

/// Departments owning the 项 lines: 50 bureaus × 6 levels of government.
pub const DEPARTMENTS: usize = BUREAUS.len() * AREAS.len();

/// xorshift64*: deterministic across platforms, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, n).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Cents of 万元 → `1,234.56`.
fn amount(cents: u64) -> String {
    let (whole, frac) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + 6);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let _ = write!(out, ".{frac:02}");
    out
}

struct Row {
    code: String,
    name: String,
    basic: u64,
    project: u64,
}

/// Most rows the codes allow: 26 类 × (1 + 99 款 × (1 + 99 项)).
pub const MAX_LINES: usize = 26 * (1 + 99 * 100);

/// The synthetic document with exactly `lines` function-table rows (类 + 款 + 项), clamped to
/// 3..=`MAX_LINES`. The same `(lines, seed)` always gives the same text.
pub fn city(lines: usize, seed: u64) -> String {
    let lines = lines.clamp(3, MAX_LINES);
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    // 类 count: one per ~40 rows up to the 26 real codes; rows shared out evenly among them.
    let classes = (lines / 40).clamp(1, CLASSES.len());
    let mut rows: Vec<Row> = Vec::with_capacity(lines);
    let mut dept = 0usize;
    for (k, (code, name)) in CLASSES.iter().take(classes).enumerate() {
        let share = lines / classes + usize::from(k < lines % classes);
        // This 类's rows: itself, s 款 and the rest 项 (≤ 99 款 and ≤ 99 项 per 款).
        let rest = share.saturating_sub(1);
        let sections = ((rest as f64).sqrt().ceil() as usize)
            .clamp(usize::from(rest > 0), 99)
            .min(rest);
        let items = rest - sections;
        let class_at = rows.len();
        rows.push(Row {
            code: code.to_string(),
            name: name.to_string(),
            basic: 0,
            project: 0,
        });
        for s in 0..sections {
            let n_items = items / sections + usize::from(s < items % sections);
            let sec_at = rows.len();
            let sec_name = SECTIONS[(k + s) % SECTIONS.len()];
            rows.push(Row {
                code: format!("{code}{:02}", s + 1),
                name: format!("{sec_name}{}", s + 1),
                basic: 0,
                project: 0,
            });
            for i in 0..n_items {
                // Log-uniform-ish: 0.01 to ~50,000 万元, most lines small as in real tables.
                let magnitude = 10u64.pow(rng.below(7) as u32);
                let cents = 1 + rng.below(5 * magnitude);
                let basic = if rng.below(3) == 0 {
                    cents
                } else {
                    cents * rng.below(101) / 100
                };
                let b = BUREAUS[dept % BUREAUS.len()];
                let a = AREAS[(dept / BUREAUS.len()) % AREAS.len()];
                dept = (dept + 1) % DEPARTMENTS;
                rows.push(Row {
                    code: format!("{code}{:02}{:02}", s + 1, i + 1),
                    name: format!("{}·{a}{b}", ITEMS[(s + i) % ITEMS.len()]),
                    basic,
                    project: cents - basic,
                });
                rows[sec_at].basic += basic;
                rows[sec_at].project += cents - basic;
            }
            let (b, p) = (rows[sec_at].basic, rows[sec_at].project);
            rows[class_at].basic += b;
            rows[class_at].project += p;
        }
    }
    let (basic, project) = rows
        .iter()
        .filter(|r| r.code.len() == 3)
        .fold((0, 0), |(b, p), r| (b + r.basic, p + r.project));

    let unit = "示例市市本级";
    let mut out = String::with_capacity(lines * 64 + 512);
    let _ = writeln!(out, "2024年{unit}部门预算\n");
    let _ = writeln!(
        out,
        "（合成数据：{lines} 行功能分类，{DEPARTMENTS} 个预算部门，种子 {seed}；仅供性能测试）\n"
    );
    let _ = writeln!(
        out,
        "表 1\n\n一般公共预算支出表（按功能分类）\n\n部门名称：{unit}\n\n单位：万元\n"
    );
    out.push_str("预算单位\t科目编码\t科目名称\t支出总计\t基本支出\t项目支出\n");
    let _ = writeln!(
        out,
        "{unit}\t\t\t{}\t{}\t{}",
        amount(basic + project),
        amount(basic),
        amount(project)
    );
    for r in &rows {
        let _ = writeln!(
            out,
            "\t{}\t{}\t{}\t{}\t{}",
            r.code,
            r.name,
            amount(r.basic + r.project),
            amount(r.basic),
            amount(r.project)
        );
    }
    out
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let lines = args.next().and_then(|a| a.parse().ok());
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(2024);
    match lines {
        Some(n) => print!("{}", city(n, seed)),
        None => {
            eprintln!("usage: synth LINES [SEED]   (writes the synthetic city budget text to stdout)");
            std::process::exit(2);
        }
    }
}
