//! CJK radicals that stand for whole characters. Some fonts' ToUnicode maps map a glyph to
//! the Kangxi radical code point (U+2F00–U+2FD5, e.g. ⽣ U+2F63) instead of the ideograph that
//! looks the same (生 U+751F) — 107.pdf's UniGB-UCS2-H text does, in 广州 — and text search then
//! misses «生态». Kangxi radicals fold to their compatibility decomposition (NFKC), as pdftotext
//! shows them; the CJK Radicals Supplement's forms that are whole simplified characters (⻔ 门,
//! ⻚ 页, ⻢ 马 …) fold to them. Component-only forms (⻈ 讠, ⻐ 钅) are left alone: they are not
//! characters of their own.

/// The 214 Kangxi radicals' NFKC ideographs, U+2F00 onwards.
#[rustfmt::skip]
const KANGXI: &str = concat!(
    "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十",
    "卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工",
    "己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日",
    "曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉",
    "瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸",
    "缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行",
    "衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長",
    "門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯",
    "鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠",
);

/// Supplement radicals that are whole characters, and those characters.
#[rustfmt::skip]
const SUPPLEMENT: &[(char, char)] = &[('\u{2E9F}', '母'), ('\u{2EA0}', '民'), ('\u{2EC4}', '西'), ('\u{2EC5}', '见'), ('\u{2EC6}', '角'), ('\u{2EC9}', '贝'), ('\u{2ECB}', '车'), ('\u{2ED3}', '长'), ('\u{2ED4}', '门'), ('\u{2ED8}', '青'), ('\u{2ED9}', '韦'), ('\u{2EDA}', '页'), ('\u{2EDB}', '风'), ('\u{2EDC}', '飞'), ('\u{2EE2}', '马'), ('\u{2EE5}', '鱼'), ('\u{2EE6}', '鸟'), ('\u{2EE7}', '卤'), ('\u{2EE8}', '麦'), ('\u{2EE9}', '黄'), ('\u{2EEA}', '黾'), ('\u{2EEC}', '齐'), ('\u{2EEE}', '齿'), ('\u{2EF0}', '龙'), ('\u{2EF3}', '龟')];

/// The ideograph a radical code point stands for; other characters unchanged.
pub fn fold(c: char) -> char {
    let u = u32::from(c);
    if (0x2F00..=0x2FD5).contains(&u) {
        return KANGXI.chars().nth((u - 0x2F00) as usize).unwrap_or(c);
    }
    if (0x2E80..=0x2EF3).contains(&u) {
        return SUPPLEMENT.iter().find(|(r, _)| *r == c).map_or(c, |(_, f)| *f);
    }
    c
}

/// Whether a string holds anything `fold` changes (the common case is no: nothing is copied).
pub fn needs_fold(s: &str) -> bool {
    s.chars().any(|c| (0x2E80..=0x2FD5).contains(&u32::from(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_fold_to_the_ideographs() {
        assert_eq!(fold('\u{2F00}'), '一');
        assert_eq!(fold('\u{2F12}'), '力');
        assert_eq!(fold('\u{2F63}'), '生');
        assert_eq!(fold('\u{2FD5}'), '龠');
        assert_eq!(fold('\u{2ED4}'), '门');
        assert_eq!(fold('\u{2EC8}'), '\u{2EC8}');
        assert_eq!(fold('生'), '生');
        assert!(needs_fold("⽣态") && !needs_fold("生态"));
    }
}
