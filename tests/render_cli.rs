//! `yusuan render` through the real binary: every chart kind of the seed to SVG (with the chart's
//! title in it) and to PNG (PNG signature, 2× the CSS size, real pixels: background, marks and
//! text in the title's place), sizes, the dark theme, and the usage errors.

use std::path::{Path, PathBuf};
use std::process::Command;
use yusuan::chart::style::palette;
use yusuan::chart::{self, Color, EstimateMeasure, Kind, Options, Theme};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/futian-investment-2022.txt");

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn yusuan(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_yusuan")).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yusuan-render-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn seed_scene(kind: Kind, opts: &Options) -> chart::Scene {
    let budget = yusuan::import_text(&std::fs::read_to_string(SEED).unwrap()).unwrap();
    chart::build(kind, &budget, opts, &EstimateMeasure)
}

/// Decoded RGBA pixels.
struct Image {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

impl Image {
    fn read(path: &Path) -> Image {
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(
            (info.color_type, info.bit_depth),
            (png::ColorType::Rgba, png::BitDepth::Eight)
        );
        buf.truncate(info.buffer_size());
        Image {
            width: info.width,
            height: info.height,
            rgba: buf,
        }
    }
    fn at(&self, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * self.width + x) * 4) as usize;
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2], self.rgba[i + 3]]
    }
    /// Pixels within `tol` per channel of `c` in the rectangle [x0, x1) × [y0, y1).
    fn count_near(&self, c: Color, tol: u8, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> usize {
        let mut n = 0;
        for y in y0..y1.min(self.height) {
            for x in x0..x1.min(self.width) {
                let p = self.at(x, y);
                if p[0].abs_diff(c.0) <= tol && p[1].abs_diff(c.1) <= tol && p[2].abs_diff(c.2) <= tol {
                    n += 1;
                }
            }
        }
        n
    }
}

#[test]
fn every_kind_renders_to_svg_with_its_title() {
    let dir = scratch("svg");
    for kind in Kind::ALL {
        let scene = seed_scene(kind, &Options::default());
        assert!(!scene.title.is_empty(), "{kind:?}");
        let r = yusuan(&["render", SEED, "--chart", kind.as_str()]);
        assert_eq!(r.code, 0, "{kind:?}: {}", r.stderr);
        let svg = String::from_utf8(r.stdout).unwrap();
        assert!(
            svg.starts_with("<svg width=\"640\" height=\"400\""),
            "{kind:?}: {}",
            &svg[..80]
        );
        assert!(
            svg.contains(&format!(">\n{}\n</text>", scene.title)),
            "{kind:?}: title «{}» not in the SVG",
            scene.title
        );
        // -o writes the same document.
        let path = dir.join(format!("{}.svg", kind.as_str()));
        let r = yusuan(&["render", SEED, "--chart", kind.as_str(), "-o", path.to_str().unwrap()]);
        assert_eq!((r.code, r.stdout.len()), (0, 0), "{}", r.stderr);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), svg);
    }
}

#[test]
fn every_kind_renders_to_png_at_twice_the_size_with_text() {
    let dir = scratch("png");
    let pal = palette(Theme::Light);
    for kind in Kind::ALL {
        let path = dir.join(format!("{}.png", kind.as_str()));
        let r = yusuan(&["render", SEED, "--chart", kind.as_str(), "-o", path.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{kind:?}: {}", r.stderr);
        // A Chinese font is installed here (scripts/setup.sh browser): no warning about missing glyphs.
        assert_eq!(r.stderr, "", "{kind:?}");
        let img = Image::read(&path);
        assert_eq!((img.width, img.height), (1280, 800), "{kind:?}: 2× of 640×400");
        let all = (0, 0, img.width, img.height);
        let total = (img.width * img.height) as usize;
        let background = img.count_near(pal.background, 0, all);
        assert_eq!(
            img.at(0, 0),
            [pal.background.0, pal.background.1, pal.background.2, 255],
            "{kind:?}: opaque background"
        );
        assert!(
            background < total * 98 / 100,
            "{kind:?}: {background} of {total} px are background: blank chart"
        );
        // The title: text-coloured pixels where it is drawn (12 CSS px from the top-left corner).
        let title_box = (20, 20, 20 + 2 * 300, 20 + 2 * 30);
        let ink = img.count_near(pal.text, 60, title_box);
        assert!(ink > 300, "{kind:?}: only {ink} text pixels in the title's place");
        // Anti-aliased text: more than a handful of distinct colours.
        let mut colours: Vec<[u8; 4]> = img.rgba.chunks(4).map(|p| [p[0], p[1], p[2], p[3]]).collect();
        colours.sort_unstable();
        colours.dedup();
        assert!(colours.len() > 20, "{kind:?}: {} colours", colours.len());
    }
}

#[test]
fn size_scale_and_dark_theme() {
    let dir = scratch("size");
    let path = dir.join("c.png");
    let p = path.to_str().unwrap();
    let r = yusuan(&[
        "render",
        SEED,
        "--chart",
        "composition",
        "--width",
        "500",
        "--height",
        "300",
        "--theme",
        "dark",
        "-o",
        p,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let img = Image::read(&path);
    assert_eq!((img.width, img.height), (1000, 600));
    let bg = palette(Theme::Dark).background;
    assert_eq!(img.at(1, 1), [bg.0, bg.1, bg.2, 255]);

    let r = yusuan(&[
        "render",
        SEED,
        "--chart",
        "composition",
        "--scale",
        "1",
        "--lang",
        "en",
        "-o",
        p,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!((Image::read(&path).width, Image::read(&path).height), (640, 400));

    // --lang en reaches the scene: the English title is in the SVG.
    let en = seed_scene(
        Kind::Composition,
        &Options {
            lang: yusuan::Lang::En,
            ..Options::default()
        },
    );
    let r = yusuan(&["render", SEED, "--chart", "composition", "--lang", "en"]);
    assert!(String::from_utf8(r.stdout).unwrap().contains(&en.title), "{}", en.title);

    // --path drills down: the functions chart of 208's parts, with its breadcrumb.
    let r = yusuan(&["render", SEED, "--chart", "functions", "--path", "208"]);
    let svg = String::from_utf8(r.stdout).unwrap();
    assert!(
        svg.contains("\n全部 › 社会保障和就业支出\n") && svg.contains("\n人力资源和社会保障管理事务\n"),
        "{svg}"
    );
    assert!(!svg.contains("\n资源勘探工业信息支出\n"));
}

#[test]
fn render_usage_errors_are_one_line() {
    let cases: [(&[&str], &str); 7] = [
        (&["render", SEED], "yusuan: render: --chart KIND is required (composition, functions, projects, change, waterfall, sangong, balance, tasks); see `yusuan --help`"),
        (&["render", SEED, "--chart", "pie"], "yusuan: render: unknown chart `pie` (charts: composition, functions, projects, change, waterfall, sangong, balance, tasks); see `yusuan --help`"),
        (&["render", SEED, "--chart", "change", "-o", "x.gif"], "yusuan: render: `x.gif`: the output must end in .svg or .png; see `yusuan --help`"),
        (&["render", SEED, "--chart", "change", "--width", "50"], "yusuan: render: --width `50`: a whole number of CSS px from 100 to 8000; see `yusuan --help`"),
        (&["render", SEED, "--chart", "change", "--theme", "blue"], "yusuan: render: --theme `blue`: light or dark; see `yusuan --help`"),
        (&["render", SEED, "--chart", "change", "--scale", "9"], "yusuan: render: --scale `9`: a number from 0.5 to 4; see `yusuan --help`"),
        (&["render", SEED, "--chart", "change", "--lang", "fr"], "yusuan: --lang `fr`: zh or en; see `yusuan --help`"),
    ];
    for (args, expected) in cases {
        let r = yusuan(args);
        assert_eq!((r.code, r.stdout.len()), (2, 0), "{args:?}");
        assert_eq!(r.stderr.trim_end(), expected, "{args:?}");
    }
    let r = yusuan(&["render", SEED, "--chart", "change", "-o", "/nonexistent-dir/x.png"]);
    assert_eq!(
        (r.code, r.stderr.trim_end()),
        (
            2,
            "yusuan: /nonexistent-dir/x.png: cannot write: no such file or directory"
        )
    );
}
