//! The page tree (ISO 32000-1 §7.7.3): pages in order, with the attributes they inherit from
//! their ancestors (`/Resources`, `/MediaBox`, `/CropBox`, `/Rotate`). A tree that loops, runs too
//! deep or is missing is survived: when the catalog leads to no page, every object of type
//! `/Page` is taken in object-number order (which is how producers number them), and the caller
//! warns that the order is a guess.

use super::limits::{MAX_PAGES, MAX_PAGE_TREE_DEPTH};
use super::object::{Dict, Object};
use super::store::Store;
use std::collections::HashSet;

/// One page's dictionary with its inherited attributes resolved.
#[derive(Debug, Clone)]
pub struct PageInfo {
    pub dict: Dict,
    pub resources: Dict,
    pub media_box: Option<[f64; 4]>,
    pub crop_box: Option<[f64; 4]>,
    pub rotate: i64,
}

#[derive(Clone, Default)]
struct Inherited {
    resources: Option<Dict>,
    media_box: Option<[f64; 4]>,
    crop_box: Option<[f64; 4]>,
    rotate: Option<i64>,
}

pub struct Pages {
    pub pages: Vec<PageInfo>,
    /// The tree was unusable and pages were collected by type.
    pub recovered: bool,
    /// The document has more pages than the limit; the rest were not read.
    pub truncated: bool,
}

pub fn collect(store: &Store<'_>) -> Pages {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut truncated = false;
    let root = store.get_in(&store.trailer, b"Root");
    if let Some(catalog) = root.as_dict() {
        let top = catalog.get(b"Pages").cloned().unwrap_or(Object::Null);
        walk(store, &top, Inherited::default(), 0, &mut seen, &mut out, &mut truncated);
    }
    if !out.is_empty() {
        return Pages { pages: out, recovered: false, truncated };
    }
    // No catalog, or a tree that leads nowhere: every /Type /Page object, by number.
    for num in store.all_numbers() {
        if out.len() >= MAX_PAGES {
            truncated = true;
            break;
        }
        let Some(obj) = store.get(num) else { continue };
        let Some(d) = obj.as_dict() else { continue };
        if d.is_type(b"Page") {
            let inherited = parent_chain(store, d);
            out.push(info(store, d, &inherited));
        }
    }
    Pages { pages: out, recovered: true, truncated }
}

fn walk(
    store: &Store<'_>,
    node: &Object,
    inherited: Inherited,
    depth: usize,
    seen: &mut HashSet<u32>,
    out: &mut Vec<PageInfo>,
    truncated: &mut bool,
) {
    if depth > MAX_PAGE_TREE_DEPTH {
        return;
    }
    if out.len() >= MAX_PAGES {
        *truncated = true;
        return;
    }
    if let Object::Ref(r) = node {
        if !seen.insert(r.num) {
            return; // a loop, or a page listed twice
        }
    }
    let resolved = store.resolve(node);
    let Some(d) = resolved.as_dict() else { return };
    let here = inherit(store, d, inherited);
    let kids = store.get_in(d, b"Kids");
    // A node with /Kids is an intermediate node whatever its /Type says; a leaf is a page.
    match kids.as_array() {
        Some(kids) if !d.is_type(b"Page") => {
            for k in kids {
                walk(store, k, here.clone(), depth + 1, seen, out, truncated);
            }
        }
        _ => out.push(finish(d, here)),
    }
}

fn inherit(store: &Store<'_>, d: &Dict, mut up: Inherited) -> Inherited {
    if let Some(r) = store.dict_in(d, b"Resources") {
        up.resources = Some(r);
    }
    if let Some(b) = rect(store, d, b"MediaBox") {
        up.media_box = Some(b);
    }
    if let Some(b) = rect(store, d, b"CropBox") {
        up.crop_box = Some(b);
    }
    if let Some(r) = store.get_in(d, b"Rotate").as_int() {
        up.rotate = Some(r);
    }
    up
}

/// For a page found outside the tree: what its `/Parent` chain gives it.
fn parent_chain(store: &Store<'_>, page: &Dict) -> Inherited {
    let mut chain = Vec::new();
    let mut cur = store.dict_in(page, b"Parent");
    while let Some(p) = cur {
        if chain.len() >= MAX_PAGE_TREE_DEPTH {
            break;
        }
        cur = store.dict_in(&p, b"Parent");
        chain.push(p);
    }
    chain.iter().rev().fold(Inherited::default(), |acc, p| inherit(store, p, acc))
}

fn info(store: &Store<'_>, d: &Dict, up: &Inherited) -> PageInfo {
    finish(d, inherit(store, d, up.clone()))
}

fn finish(d: &Dict, here: Inherited) -> PageInfo {
    PageInfo {
        dict: d.clone(),
        resources: here.resources.unwrap_or_default(),
        media_box: here.media_box,
        crop_box: here.crop_box,
        rotate: here.rotate.unwrap_or(0),
    }
}

/// A rectangle `[x0 y0 x1 y1]`, normalised so x0 < x1 and y0 < y1; `None` when it is not four
/// numbers, has no area, or is absurd: beyond ±10 million units or wider than a million (the spec's
/// largest page is 14,400 units; a box of 1e62 would make the page's size infinite).
fn rect(store: &Store<'_>, d: &Dict, key: &[u8]) -> Option<[f64; 4]> {
    let o = store.get_in(d, key);
    let v: Vec<f64> = o.as_array()?.iter().filter_map(|o| store.resolve(o).as_f64()).collect();
    let [a, b, c, e] = v[..] else { return None };
    if [a, b, c, e].iter().any(|x| !x.is_finite() || x.abs() > MAX_COORD) {
        return None;
    }
    let r = [a.min(c), b.min(e), a.max(c), b.max(e)];
    let (w, h) = (r[2] - r[0], r[3] - r[1]);
    (w > 0.0 && h > 0.0 && w <= MAX_SIDE && h <= MAX_SIDE).then_some(r)
}

const MAX_COORD: f64 = 1.0e7;
const MAX_SIDE: f64 = 1.0e6;

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(body: &str) -> Pages {
        let f = format!("%PDF-1.7\n{body}\ntrailer << /Root 1 0 R >>");
        let store = Store::new(f.as_bytes());
        collect(&store)
    }

    #[test]
    fn inherited_attributes_and_order() {
        let p = pages(
            "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj \
             2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /MediaBox [0 0 595 842] /Rotate 90 /Resources << /Font << >> >> >> endobj \
             3 0 obj << /Type /Page /Parent 2 0 R /N 1 >> endobj \
             4 0 obj << /Type /Pages /Kids [5 0 R] /Rotate 0 >> endobj \
             5 0 obj << /Type /Page /MediaBox [0 842 595 0] /N 2 >> endobj",
        );
        assert!(!p.recovered);
        assert_eq!(p.pages.len(), 2);
        assert_eq!(p.pages[0].rotate, 90);
        assert_eq!(p.pages[0].media_box, Some([0.0, 0.0, 595.0, 842.0]));
        assert!(p.pages[0].resources.get(b"Font").is_some());
        assert_eq!(p.pages[1].rotate, 0);
        assert_eq!(p.pages[1].media_box, Some([0.0, 0.0, 595.0, 842.0]));
    }

    #[test]
    fn a_looping_tree_ends() {
        let p = pages(
            "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj \
             2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R 3 0 R] >> endobj \
             3 0 obj << /Type /Page >> endobj",
        );
        assert_eq!(p.pages.len(), 1);
    }

    #[test]
    fn a_missing_tree_falls_back_to_page_objects() {
        let p = pages(
            "1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj \
             6 0 obj << /Type /Pages /MediaBox [0 0 100 200] >> endobj \
             7 0 obj << /Type /Page /Parent 6 0 R >> endobj 8 0 obj << /Type /Page >> endobj",
        );
        assert!(p.recovered);
        assert_eq!(p.pages.len(), 2);
        assert_eq!(p.pages[0].media_box, Some([0.0, 0.0, 100.0, 200.0]));
    }
}
