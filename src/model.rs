//! The one budget model. Amounts are exact `Decimal`s in the unit of the table or sentence they
//! came from (`unit` fields); every number keeps a `Source` so the audit and tooltips can cite it.
//! What a budget may hold (amounts below 10¹⁴, bounded strings and counts) is `gate`'s to enforce.

use crate::money::Unit;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// 预算 (a budget, approved before the year) or 决算 (final accounts, executed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    #[default]
    Budget,
    FinalAccounts,
}

/// Where a number came from: a table row or a sentence of the text. `line` is 1-based in the
/// imported text (0 when the budget was not imported from text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Source {
    pub line: u32,
    /// The table title as printed (`收支总表`), `None` for prose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Row label, column or a short excerpt of the sentence.
    #[serde(default)]
    pub label: String,
    /// The PDF page it was printed on (1-based), when the budget was read from a PDF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Which of `Budget::files` it was read from (0-based), when a budget comes from several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<u32>,
}

impl Source {
    pub fn row(line: u32, table: &str, label: &str) -> Self {
        Source { line, table: Some(table.to_string()), label: label.to_string(), page: None, file: None }
    }
    pub fn text(line: u32, excerpt: &str) -> Self {
        Source { line, table: None, label: excerpt.to_string(), page: None, file: None }
    }
    /// `表「收支总表」第 12 行（一般公共服务支出）` style citation, short. A PDF's number is cited
    /// by its page (the line is one of the text yusuan laid the PDF out as).
    pub fn cite(&self) -> String {
        let at = self.place();
        match &self.table {
            Some(t) if self.label.is_empty() => format!("{t}，{at}"),
            Some(t) => format!("{t} «{}»，{at}", self.label),
            None => format!("正文 «{}»，{at}", self.label),
        }
    }
    /// `第 12、13 行` (`第 12–20 行` for more than three), or for numbers read from a PDF their
    /// pages, each once: `第 3 页`, `第 3、4 页`.
    pub fn places<'a>(sources: impl IntoIterator<Item = &'a Source>) -> String {
        let sources: Vec<&Source> = sources.into_iter().collect();
        let (nums, word): (Vec<u32>, &str) = if sources.iter().all(|s| s.page.is_some()) && !sources.is_empty() {
            let mut pages: Vec<u32> = Vec::new();
            for p in sources.iter().filter_map(|s| s.page) {
                if !pages.contains(&p) {
                    pages.push(p);
                }
            }
            (pages, "页")
        } else {
            (sources.iter().map(|s| s.line).collect(), "行")
        };
        match (nums.first(), nums.last()) {
            (Some(a), Some(b)) if nums.len() > 3 => format!("第 {a}–{b} {word}"),
            _ => format!("第 {} {word}", nums.iter().map(|n| n.to_string()).collect::<Vec<_>>().join("、")),
        }
    }
    /// `第 12 行`, or `第 3 页` for a number read from a PDF.
    pub fn place(&self) -> String {
        match self.page {
            Some(p) => format!("第 {p} 页"),
            None => format!("第 {} 行", self.line),
        }
    }
}

/// 类 (2-digit suffix-less 3-digit code), 款 (5 digits) or 项 (7 digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Class,
    Section,
    Item,
}

impl Level {
    pub fn of_code(code: &str) -> Option<Level> {
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match code.len() {
            3 => Some(Level::Class),
            5 => Some(Level::Section),
            7 => Some(Level::Item),
            _ => None,
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Level::Class => "类",
            Level::Section => "款",
            Level::Item => "项",
        }
    }
}

/// The 类 of the function classification (政府收支分类科目, 支出功能分类): code and name.
const CLASSES: [(&str, &str); 30] = [
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
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
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
    ("230", "转移性支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
    ("234", "抗疫特别国债安排的支出"),
];

/// The name of a 类 by its code (`208` → `社会保障和就业支出`).
pub fn class_name(code: &str) -> Option<&'static str> {
    CLASSES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// The code of a 类 by its name as printed (`社会保障和就业支出` → `208`): the names a 收支总表
/// lists without codes.
pub fn class_code(name: &str) -> Option<&'static str> {
    CLASSES.iter().find(|(_, n)| *n == name).map(|(c, _)| *c)
}

/// One row of a function-classification table (功能分类): code joined (`2080505`), its name and the
/// amount columns as printed. A column the row leaves blank is `None` (not zero: blank is not a number).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionRow {
    pub code: String,
    pub name: String,
    pub total: Option<Decimal>,
    #[serde(default)]
    pub basic: Option<Decimal>,
    #[serde(default)]
    pub project: Option<Decimal>,
    pub source: Source,
}

impl FunctionRow {
    pub fn level(&self) -> Option<Level> {
        Level::of_code(&self.code)
    }
    /// The code of the row this one belongs to (`2080505` → `20805` → `208`).
    pub fn parent_code(&self) -> Option<&str> {
        // `get` rather than slicing: codes come from hand-edited JSON too and may not be ASCII.
        match self.level()? {
            Level::Section => self.code.get(..3),
            Level::Item => self.code.get(..5),
            Level::Class => None,
        }
    }
}

/// A table of expenditure by function classification as printed (收支总表's expenditure side,
/// 支出总表, 按功能分类表, 政府预算拨款收支总表 …). Rows keep printed order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionTable {
    /// Title as printed.
    pub title: String,
    pub unit: Unit,
    pub rows: Vec<FunctionRow>,
    /// 合计 row when the table prints one (total, basic, project).
    #[serde(default)]
    pub total: Option<FunctionRow>,
}

/// A labelled amount from a table or a sentence (income lines, totals, carry-over …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub name: String,
    pub amount: Decimal,
    pub unit: Unit,
    /// 0 for a top-level line (一、…), 1 for its sub-lines (1. …), so sums do not count twice.
    #[serde(default)]
    pub depth: u8,
    pub source: Source,
}

/// What a stated total is the total of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TotalKind {
    /// 本年收入合计
    IncomeThisYear,
    /// 收入总计 (incl. carry-over)
    IncomeGrand,
    /// 本年支出合计
    ExpenditureThisYear,
    /// 支出总计 (incl. carry-forward)
    ExpenditureGrand,
    /// 上年结转 / 年初结转和结余
    CarryOverIn,
    /// 结转下年 / 年末结转和结余
    CarryOverOut,
    /// 基本支出 total
    Basic,
    /// 项目支出 total
    Project,
    /// 政府采购 total
    Procurement,
}

/// A total as some table or sentence states it. The same kind may be stated in several places;
/// the audit compares them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatedTotal {
    pub kind: TotalKind,
    pub amount: Decimal,
    pub unit: Unit,
    pub source: Source,
}

/// Economic split of expenditure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EconomicCategory {
    /// 人员支出 / 人员经费
    Personnel,
    /// 公用支出 / 公用经费
    Public,
    /// 对个人和家庭的补助
    Households,
    /// 项目支出
    Project,
}

impl EconomicCategory {
    pub const ALL: [EconomicCategory; 4] = [
        EconomicCategory::Personnel,
        EconomicCategory::Public,
        EconomicCategory::Households,
        EconomicCategory::Project,
    ];
    pub fn zh(self) -> &'static str {
        match self {
            EconomicCategory::Personnel => "人员支出",
            EconomicCategory::Public => "公用支出",
            EconomicCategory::Households => "对个人和家庭的补助",
            EconomicCategory::Project => "项目支出",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            EconomicCategory::Personnel => "Personnel",
            EconomicCategory::Public => "Running costs",
            EconomicCategory::Households => "Subsidies to households",
            EconomicCategory::Project => "Projects",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EconomicLine {
    pub category: EconomicCategory,
    pub amount: Decimal,
    pub unit: Unit,
    pub source: Source,
}

/// A change against the prior year as the text states it ("比2021年减少6,593.32万元，下降12.94%").
/// `change` is signed (negative for 减少); `percent` is signed too, in percent points as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorYear {
    pub year: i32,
    /// Last year's amount when the text states it outright; otherwise derived by the reader as
    /// `current - change`.
    #[serde(default)]
    pub amount: Option<Decimal>,
    #[serde(default)]
    pub change: Option<Decimal>,
    #[serde(default)]
    pub percent: Option<Decimal>,
    /// "与2021年预算持平": stated unchanged.
    #[serde(default)]
    pub unchanged: bool,
    pub unit: Unit,
    pub source: Source,
}

impl PriorYear {
    /// (last year's amount, change) against this year's `amount`: as printed, the one not printed
    /// derived exactly (持平 is a change of 0); `None` when the text gives neither.
    pub fn resolve(&self, amount: Decimal) -> Option<(Decimal, Decimal)> {
        let change = if self.unchanged { Some(Decimal::ZERO) } else { self.change };
        crate::dec::fill_pair(amount, self.amount, change)
    }
}

/// A sub-component listed in the text ("国内外招商引资推介会宣传 60 万元").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub name: String,
    pub amount: Decimal,
    pub source: Source,
}

/// A project item (项目支出 line) with the components the text lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub name: String,
    pub amount: Decimal,
    pub unit: Unit,
    #[serde(default)]
    pub components: Vec<Component>,
    /// False when the list ends with 等 (a partial list: it need not sum to the item).
    #[serde(default)]
    pub components_complete: bool,
    #[serde(default)]
    pub prior: Option<PriorYear>,
    pub source: Source,
}

/// "三公" expenditure of one year (or the 增减 row), by category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SanGong {
    /// The year the row is for; `None` for a 增减变化 row.
    pub year: Option<i32>,
    /// 预算数 or 决算数 when a 决算 table prints both.
    #[serde(default)]
    pub phase: Option<DocKind>,
    pub total: Option<Decimal>,
    pub abroad: Option<Decimal>,
    pub reception: Option<Decimal>,
    pub vehicles: Option<Decimal>,
    pub vehicle_purchase: Option<Decimal>,
    pub vehicle_operation: Option<Decimal>,
    pub unit: Unit,
    pub source: Source,
}

impl SanGong {
    /// The cell of one category (`None` when blank).
    pub fn get(&self, category: SanGongCategory) -> Option<Decimal> {
        match category {
            SanGongCategory::Total => self.total,
            SanGongCategory::Abroad => self.abroad,
            SanGongCategory::Reception => self.reception,
            SanGongCategory::Vehicles => self.vehicles,
            SanGongCategory::VehiclePurchase => self.vehicle_purchase,
            SanGongCategory::VehicleOperation => self.vehicle_operation,
        }
    }
}

/// A "三公" category: the total or one of its parts, each a column of `SanGong`. In JSON the
/// snake_case name (`total`, `abroad`, `reception`, `vehicles`, `vehicle_purchase`,
/// `vehicle_operation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SanGongCategory {
    /// “三公”经费 as a whole: trips abroad + receptions + vehicles.
    Total,
    /// 因公出国（境）费
    Abroad,
    /// 公务接待费
    Reception,
    /// 公务用车购置及运行维护费: purchase + operation.
    Vehicles,
    /// 公务用车购置费
    VehiclePurchase,
    /// 公务用车运行维护费
    VehicleOperation,
}

impl SanGongCategory {
    /// In the order documents print them (and charts show them).
    pub const ALL: [SanGongCategory; 6] = [
        SanGongCategory::Total,
        SanGongCategory::Abroad,
        SanGongCategory::Reception,
        SanGongCategory::Vehicles,
        SanGongCategory::VehiclePurchase,
        SanGongCategory::VehicleOperation,
    ];

    /// The JSON name (`vehicle_purchase`).
    pub fn as_str(self) -> &'static str {
        match self {
            SanGongCategory::Total => "total",
            SanGongCategory::Abroad => "abroad",
            SanGongCategory::Reception => "reception",
            SanGongCategory::Vehicles => "vehicles",
            SanGongCategory::VehiclePurchase => "vehicle_purchase",
            SanGongCategory::VehicleOperation => "vehicle_operation",
        }
    }

    /// The name documents print.
    pub fn zh(self) -> &'static str {
        match self {
            SanGongCategory::Total => "“三公”经费合计",
            SanGongCategory::Abroad => "因公出国（境）费",
            SanGongCategory::Reception => "公务接待费",
            SanGongCategory::Vehicles => "公务用车购置及运行维护费",
            SanGongCategory::VehiclePurchase => "公务用车购置费",
            SanGongCategory::VehicleOperation => "公务用车运行维护费",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            SanGongCategory::Total => "Total",
            SanGongCategory::Abroad => "Official trips abroad",
            SanGongCategory::Reception => "Official receptions",
            SanGongCategory::Vehicles => "Official vehicles",
            SanGongCategory::VehiclePurchase => "Vehicle purchase",
            SanGongCategory::VehicleOperation => "Vehicle running costs",
        }
    }

    /// The categories this one is the sum of (none for a category without parts).
    pub fn parts(self) -> &'static [SanGongCategory] {
        match self {
            SanGongCategory::Total => &[SanGongCategory::Abroad, SanGongCategory::Reception, SanGongCategory::Vehicles],
            SanGongCategory::Vehicles => &[SanGongCategory::VehiclePurchase, SanGongCategory::VehicleOperation],
            _ => &[],
        }
    }
}

/// A figure about 三公 stated in the text (total or one category, with its prior-year change).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SanGongStatement {
    pub category: SanGongCategory,
    pub amount: Decimal,
    pub unit: Unit,
    #[serde(default)]
    pub prior: Option<PriorYear>,
    pub source: Source,
}

/// What a comparison compares when the importer knows it: one of the budget's totals, the
/// running costs, or a function-classification line. In JSON a string: the snake_case name of
/// the variant, `function:CODE` for a line, `""` for `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Measure {
    /// Something else (the subject says what).
    #[default]
    Other,
    /// 部门预算收入 / 收入预算: income of the year.
    IncomeTotal,
    /// 部门预算支出 / 支出预算: expenditure of the year.
    ExpenditureTotal,
    /// 收入支出总计: both sides' grand total.
    GrandTotal,
    /// 财政拨款收入支出总计
    FiscalGrandTotal,
    /// 财政拨款收入
    FiscalIncome,
    /// 财政拨款支出
    FiscalExpenditure,
    /// 一般公共预算（拨款）支出
    GeneralBudgetExpenditure,
    /// 政府性基金（拨款）支出
    GovernmentFundExpenditure,
    /// 国有资本经营（预算拨款）支出
    StateCapitalExpenditure,
    /// 机关运行经费
    RunningCosts,
    /// A line of the function table by its code (a CSV's last-year column): `function:20101`.
    Function(String),
}

impl Measure {
    /// Every variant but `Function`, for reading names back.
    const NAMED: [Measure; 11] = [
        Measure::Other,
        Measure::IncomeTotal,
        Measure::ExpenditureTotal,
        Measure::GrandTotal,
        Measure::FiscalGrandTotal,
        Measure::FiscalIncome,
        Measure::FiscalExpenditure,
        Measure::GeneralBudgetExpenditure,
        Measure::GovernmentFundExpenditure,
        Measure::StateCapitalExpenditure,
        Measure::RunningCosts,
    ];
    /// The names a JSON reader accepts, for its error message (`""` is `Other`).
    pub(crate) const EXPECTED: [&'static str; 12] = [
        "\"\"",
        "income_total",
        "expenditure_total",
        "grand_total",
        "fiscal_grand_total",
        "fiscal_income",
        "fiscal_expenditure",
        "general_budget_expenditure",
        "government_fund_expenditure",
        "state_capital_expenditure",
        "running_costs",
        "function:CODE",
    ];

    /// The JSON name (`income_total`, `function:20101`, `""`).
    pub fn name(&self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            Measure::Other => "",
            Measure::IncomeTotal => "income_total",
            Measure::ExpenditureTotal => "expenditure_total",
            Measure::GrandTotal => "grand_total",
            Measure::FiscalGrandTotal => "fiscal_grand_total",
            Measure::FiscalIncome => "fiscal_income",
            Measure::FiscalExpenditure => "fiscal_expenditure",
            Measure::GeneralBudgetExpenditure => "general_budget_expenditure",
            Measure::GovernmentFundExpenditure => "government_fund_expenditure",
            Measure::StateCapitalExpenditure => "state_capital_expenditure",
            Measure::RunningCosts => "running_costs",
            Measure::Function(code) => return format!("function:{code}").into(),
        })
    }

    /// The measure a JSON name stands for; `None` for a name that is none (`function:` takes a
    /// code of digits).
    pub fn from_name(name: &str) -> Option<Measure> {
        if let Some(code) = name.strip_prefix("function:") {
            return (!code.is_empty() && code.bytes().all(|b| b.is_ascii_digit())).then(|| Measure::Function(code.to_string()));
        }
        Measure::NAMED.into_iter().find(|m| m.name() == name)
    }

    /// The function-table code of a `Function` measure.
    pub fn function_code(&self) -> Option<&str> {
        match self {
            Measure::Function(code) => Some(code),
            _ => None,
        }
    }
}

impl Serialize for Measure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

impl<'de> Deserialize<'de> for Measure {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = Measure;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a measure name")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Measure, E> {
                Measure::from_name(v).ok_or_else(|| E::unknown_variant(v, &Measure::EXPECTED))
            }
        }
        d.deserialize_str(Name)
    }
}

/// A prior-year comparison about something other than a project or 三公 (income, expenditure, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// What is compared, as the sentence names it (`部门预算收入`, `部门预算支出`, `财政拨款收入` …).
    pub subject: String,
    /// Which total (or line) the subject is, when the importer knows.
    #[serde(default)]
    pub measure: Measure,
    pub amount: Decimal,
    pub prior: PriorYear,
}

/// An amount the prose states about a named thing, optionally with its share of a total
/// ("一般公共服务支出（类）2106.66万元，占71.73%") or, in final accounts, the initial budget
/// ("年初预算为1560.05万元，支出决算为1511.89万元").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The subject as printed.
    pub subject: String,
    /// Function-classification names when the subject names them (类, 款, 项 in order).
    #[serde(default)]
    pub path: Vec<String>,
    pub amount: Decimal,
    pub unit: Unit,
    /// Stated share in percent (`71.73` for 占71.73%).
    #[serde(default)]
    pub percent: Option<Decimal>,
    /// What the share is of: `income_this_year`, `expenditure_this_year`, `initial_budget`, or as printed.
    #[serde(default)]
    pub percent_of: Option<String>,
    /// 年初预算 stated for this subject (final accounts).
    #[serde(default)]
    pub initial_budget: Option<Decimal>,
    pub source: Source,
}

/// 政府采购 as stated (total and goods / works / services).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Procurement {
    pub total: Decimal,
    pub goods: Option<Decimal>,
    pub works: Option<Decimal>,
    pub services: Option<Decimal>,
    pub unit: Unit,
    pub source: Source,
}

/// A task of the 绩效目标表 (年度主要任务) with its amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub total: Decimal,
    #[serde(default)]
    pub fiscal: Option<Decimal>,
    #[serde(default)]
    pub other: Option<Decimal>,
    pub unit: Unit,
    pub source: Source,
}

/// A performance indicator (一级/二级/三级指标 and 目标值), kept as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub target: String,
    pub source: Source,
}

/// The performance-target table (绩效目标表).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Performance {
    pub tasks: Vec<Task>,
    /// 金额合计 as printed.
    #[serde(default)]
    pub stated_total: Option<Line>,
    #[serde(default)]
    pub goal: String,
    pub indicators: Vec<Indicator>,
}

/// Something the importer could not understand, with where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub line: u32,
    pub message: String,
    /// The PDF page it is about (1-based), when the budget was read from a PDF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// A department's budget or final accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Budget {
    pub department: String,
    pub year: Option<i32>,
    pub kind: DocKind,
    /// The unit most tables print (单位：万元 / 元).
    pub unit: Unit,
    /// Income lines (收入 side of 收支总表 or 收入总表).
    #[serde(default)]
    pub income: Vec<Line>,
    /// Every total stated by a table or sentence.
    #[serde(default)]
    pub totals: Vec<StatedTotal>,
    /// The function-classification tables as printed; the first is the primary one
    /// (一般公共预算支出表 按功能分类, or the 支出总表 with codes).
    #[serde(default)]
    pub function_tables: Vec<FunctionTable>,
    #[serde(default)]
    pub economic: Vec<EconomicLine>,
    #[serde(default)]
    pub projects: Vec<Project>,
    #[serde(default)]
    pub sangong: Vec<SanGong>,
    #[serde(default)]
    pub sangong_text: Vec<SanGongStatement>,
    #[serde(default)]
    pub comparisons: Vec<Comparison>,
    /// Other amounts the prose states (function items, shares, initial budgets).
    #[serde(default)]
    pub statements: Vec<Statement>,
    #[serde(default)]
    pub procurement: Option<Procurement>,
    #[serde(default)]
    pub performance: Option<Performance>,
    /// Tables listed in the 目录 but not found in the text.
    #[serde(default)]
    pub missing_tables: Vec<String>,
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// The files the budget was read from, when it was read from several (北京 publishes the prose
    /// and the tables as two PDFs); each number's `Source::file` points into this list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
}

impl Budget {
    /// The primary function table (the one charts and the summary use), if any.
    pub fn functions(&self) -> Option<&FunctionTable> {
        self.function_tables.iter().find(|t| t.rows.iter().any(|r| r.total.is_some()))
    }

    /// The first stated total of this kind, preferring tables over prose and the department's
    /// tables over those of fiscal funds only (财政拨款…, whose totals leave other income out).
    pub fn stated(&self, kind: TotalKind) -> Option<&StatedTotal> {
        self.totals
            .iter()
            .filter(|t| t.kind == kind)
            // A byte search rather than `str::contains`: the same answer for UTF-8, without core's
            // substring searcher in every wasm module that draws totals.
            .min_by_key(|t| (t.source.table.is_none(), t.source.table.as_deref().is_some_and(|x| x.as_bytes().windows(6).any(|w| w == "拨款".as_bytes()))))
    }

    /// Expenditure total of the year (本年支出合计), else the grand total, else the function table's total.
    pub fn expenditure_total(&self) -> Option<(Decimal, Unit)> {
        if let Some(t) = self.stated(TotalKind::ExpenditureThisYear).or_else(|| self.stated(TotalKind::ExpenditureGrand)) {
            return Some((t.amount, t.unit));
        }
        let f = self.functions()?;
        if let Some(t) = f.total.as_ref().and_then(|r| r.total) {
            return Some((t, f.unit));
        }
        let sum = f.rows.iter().filter(|r| r.level() == Some(Level::Class)).filter_map(|r| r.total).sum();
        Some((sum, f.unit))
    }

    /// The prior-year statement about total expenditure, if the text makes one.
    pub fn prior_expenditure(&self) -> Option<&Comparison> {
        self.comparisons.iter().find(|c| c.measure == Measure::ExpenditureTotal)
    }

    /// The comparison a headline "比上年" figure shows: total expenditure when the text compares it,
    /// else the fiscal (财政拨款) or general-budget expenditure it does compare (Putuo's documents
    /// compare only those). `prior.amount` is filled with amount − change when only the change is
    /// printed, so a reader sees last year's figure; `subject` and `measure` say what is compared.
    pub fn headline_comparison(&self) -> Option<Comparison> {
        let c = [Measure::ExpenditureTotal, Measure::FiscalExpenditure, Measure::GeneralBudgetExpenditure]
            .iter()
            .find_map(|m| self.comparisons.iter().find(|c| c.measure == *m))?;
        let mut c = c.clone();
        if c.prior.amount.is_none() {
            c.prior.amount = c.prior.resolve(c.amount).map(|(a, _)| a);
        }
        Some(c)
    }

    /// Calls `f` on every `Source` the budget holds (each number's place), to set what only the
    /// reader of the whole file knows: the PDF page of a line, the file of a budget read from several.
    pub fn sources_mut(&mut self, mut f: impl FnMut(&mut Source)) {
        fn prior(p: &mut PriorYear, f: &mut impl FnMut(&mut Source)) {
            f(&mut p.source);
        }
        // Every field named: a new one holding sources must be visited too (the compiler says so).
        let Budget {
            department: _,
            year: _,
            kind: _,
            unit: _,
            income,
            totals,
            function_tables,
            economic,
            projects,
            sangong,
            sangong_text,
            comparisons,
            statements,
            procurement,
            performance,
            missing_tables: _,
            warnings: _,
            files: _,
        } = self;
        income.iter_mut().for_each(|l| f(&mut l.source));
        totals.iter_mut().for_each(|t| f(&mut t.source));
        for t in function_tables {
            t.rows.iter_mut().chain(t.total.as_mut()).for_each(|r| f(&mut r.source));
        }
        economic.iter_mut().for_each(|e| f(&mut e.source));
        for p in projects {
            f(&mut p.source);
            p.components.iter_mut().for_each(|c| f(&mut c.source));
            if let Some(py) = &mut p.prior {
                prior(py, &mut f);
            }
        }
        sangong.iter_mut().for_each(|s| f(&mut s.source));
        for s in sangong_text {
            f(&mut s.source);
            if let Some(py) = &mut s.prior {
                prior(py, &mut f);
            }
        }
        comparisons.iter_mut().for_each(|c| prior(&mut c.prior, &mut f));
        statements.iter_mut().for_each(|s| f(&mut s.source));
        if let Some(p) = procurement {
            f(&mut p.source);
        }
        if let Some(perf) = performance {
            perf.tasks.iter_mut().for_each(|t| f(&mut t.source));
            perf.stated_total.iter_mut().for_each(|l| f(&mut l.source));
            perf.indicators.iter_mut().for_each(|i| f(&mut i.source));
        }
    }

    /// Every amount the budget holds (function rows, lines, totals, projects, 三公, prose, tasks,
    /// prior-year figures and percentages), each with its source.
    pub fn amounts(&self) -> Vec<(Decimal, &Source)> {
        fn prior<'a>(out: &mut Vec<(Decimal, &'a Source)>, p: &'a PriorYear) {
            out.extend([p.amount, p.change, p.percent].into_iter().flatten().map(|v| (v, &p.source)));
        }
        let mut out = Vec::new();
        for t in &self.function_tables {
            for r in t.rows.iter().chain(t.total.as_ref()) {
                out.extend([r.total, r.basic, r.project].into_iter().flatten().map(|v| (v, &r.source)));
            }
        }
        out.extend(self.income.iter().map(|l| (l.amount, &l.source)));
        out.extend(self.totals.iter().map(|t| (t.amount, &t.source)));
        out.extend(self.economic.iter().map(|e| (e.amount, &e.source)));
        for p in &self.projects {
            out.push((p.amount, &p.source));
            out.extend(p.components.iter().map(|c| (c.amount, &c.source)));
            if let Some(py) = &p.prior {
                prior(&mut out, py);
            }
        }
        for s in &self.sangong {
            let cells = [s.total, s.abroad, s.reception, s.vehicles, s.vehicle_purchase, s.vehicle_operation];
            out.extend(cells.into_iter().flatten().map(|v| (v, &s.source)));
        }
        for s in &self.sangong_text {
            out.push((s.amount, &s.source));
            if let Some(py) = &s.prior {
                prior(&mut out, py);
            }
        }
        for c in &self.comparisons {
            out.push((c.amount, &c.prior.source));
            prior(&mut out, &c.prior);
        }
        for s in &self.statements {
            out.extend([Some(s.amount), s.percent, s.initial_budget].into_iter().flatten().map(|v| (v, &s.source)));
        }
        if let Some(p) = &self.procurement {
            out.extend([Some(p.total), p.goods, p.works, p.services].into_iter().flatten().map(|v| (v, &p.source)));
        }
        if let Some(perf) = &self.performance {
            for t in &perf.tasks {
                out.extend([Some(t.total), t.fiscal, t.other].into_iter().flatten().map(|v| (v, &t.source)));
            }
            out.extend(perf.stated_total.iter().map(|l| (l.amount, &l.source)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str) -> FunctionRow {
        FunctionRow { code: code.into(), name: String::new(), total: None, basic: None, project: None, source: Source::default() }
    }

    #[test]
    fn measures_are_written_as_their_names_and_read_back() {
        let mut all = Measure::NAMED.to_vec();
        all.push(Measure::Function("2010301".into()));
        for m in all {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.name()));
            assert_eq!(serde_json::from_str::<Measure>(&json).unwrap(), m, "{json}");
        }
        assert_eq!(serde_json::to_string(&Measure::Other).unwrap(), "\"\"");
        assert_eq!(serde_json::to_string(&Measure::Function("201".into())).unwrap(), "\"function:201\"");
        // Each listed in the reader's error message.
        assert_eq!(Measure::EXPECTED.len(), Measure::NAMED.len() + 1);
        for bad in ["expenditure-total", "Income_total", " income_total", "function:", "function:20a", "function: 201", "null"] {
            assert_eq!(Measure::from_name(bad), None, "{bad}");
            let e = serde_json::from_str::<Measure>(&format!("\"{bad}\"")).unwrap_err().to_string();
            assert!(e.starts_with("unknown variant"), "{bad}: {e}");
        }
        assert!(serde_json::from_str::<Measure>("3").is_err());
    }

    #[test]
    fn sangong_categories_are_their_json_names_and_their_columns() {
        for c in SanGongCategory::ALL {
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<SanGongCategory>(&format!("\"{}\"", c.as_str())).unwrap(), c);
        }
        let n = |v: i64| Some(Decimal::from(v));
        let row = SanGong {
            year: Some(2024),
            phase: None,
            total: n(6),
            abroad: n(1),
            reception: n(2),
            vehicles: n(3),
            vehicle_purchase: n(1),
            vehicle_operation: n(2),
            unit: Unit::Wanyuan,
            source: Source::default(),
        };
        let cells: Vec<Option<Decimal>> = SanGongCategory::ALL.iter().map(|&c| row.get(c)).collect();
        assert_eq!(cells, [n(6), n(1), n(2), n(3), n(1), n(2)]);
        for c in SanGongCategory::ALL.into_iter().filter(|c| !c.parts().is_empty()) {
            assert_eq!(c.parts().iter().map(|&p| row.get(p).unwrap()).sum::<Decimal>(), row.get(c).unwrap(), "{c:?}");
        }
        assert!(serde_json::from_str::<SanGongCategory>("\"vehicle\"").is_err());
    }

    #[test]
    fn parent_codes_follow_the_hierarchy() {
        assert_eq!(row("2080505").parent_code(), Some("20805"));
        assert_eq!(row("20805").parent_code(), Some("208"));
        assert_eq!(row("208").parent_code(), None);
    }

    #[test]
    fn parent_code_of_a_non_digit_code_is_none_not_a_panic() {
        assert_eq!(row("ab一").parent_code(), None);
        assert_eq!(row("一二三四五六七").parent_code(), None);
    }
}
