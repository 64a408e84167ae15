//! The allocator of the one-kind modules (an embed reads a budget of at most 256 KiB of JSON and
//! draws one chart): blocks of power-of-two sizes from 16 bytes, a free list per size, new blocks
//! cut from the end of wasm memory. O(1) both ways and a few hundred bytes of code, where dlmalloc
//! is ≈ 7 KB; it never merges freed blocks of different sizes and wastes up to half of a block,
//! which a page showing one chart does not notice. The viewer and the importer (budgets of 100k
//! rows) keep dlmalloc.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

/// Size classes 2⁴ … 2³¹ bytes.
const CLASSES: usize = 32;
const MIN_SHIFT: u32 = 4;
const PAGE: usize = 65_536;

pub struct Blocks {
    state: UnsafeCell<State>,
}

struct State {
    /// First free block of each size class (0: none); a free block holds the address of the next.
    free: [usize; CLASSES],
    /// The untouched memory at the end: `next..end`.
    next: usize,
    end: usize,
}

// The wasm module runs on one thread.
unsafe impl Sync for Blocks {}

impl Blocks {
    pub const fn new() -> Blocks {
        Blocks { state: UnsafeCell::new(State { free: [0; CLASSES], next: 0, end: 0 }) }
    }
}

/// The size class of a layout: the smallest power of two ≥ its size and alignment (≥ 16).
fn class(l: &Layout) -> usize {
    let size = l.size().max(l.align()).max(1 << MIN_SHIFT);
    (usize::BITS - (size - 1).leading_zeros()) as usize
}

impl State {
    /// `size` bytes aligned to `align` from the end of memory, growing it when needed.
    unsafe fn cut(&mut self, size: usize, align: usize) -> *mut u8 {
        let aligned = |p: usize| p.checked_add(align - 1).map(|p| p & !(align - 1));
        let fits = |at: Option<usize>, end: usize| at.and_then(|a| a.checked_add(size)).is_some_and(|e| e <= end);
        let mut at = aligned(self.next);
        if self.end == 0 || !fits(at, self.end) {
            let Some(pages) = size.checked_add(align).map(|n| n.div_ceil(PAGE).max(16)) else { return std::ptr::null_mut() };
            let old = core::arch::wasm32::memory_grow(0, pages);
            if old == usize::MAX {
                return std::ptr::null_mut();
            }
            // Memory grows only here, so a new region continues the old one unless this is the first.
            if self.end != old * PAGE {
                self.next = old * PAGE;
            }
            self.end = (old + pages) * PAGE;
            at = aligned(self.next);
            if !fits(at, self.end) {
                return std::ptr::null_mut();
            }
        }
        let at = at.unwrap_or(0);
        self.next = at + size;
        at as *mut u8
    }
}

unsafe impl GlobalAlloc for Blocks {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let c = class(&l);
        if c >= CLASSES {
            return std::ptr::null_mut();
        }
        let s = &mut *self.state.get();
        let head = s.free[c];
        // Blocks are 16-aligned; a rarer stricter alignment gets a block cut to measure.
        if head != 0 && l.align() <= 16 {
            s.free[c] = *(head as *const usize);
            return head as *mut u8;
        }
        s.cut(1 << c, l.align().max(16))
    }

    unsafe fn dealloc(&self, ptr: *mut u8, l: Layout) {
        let c = class(&l);
        let s = &mut *self.state.get();
        *(ptr as *mut usize) = s.free[c];
        s.free[c] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, l.align());
        if class(&new) == class(&l) {
            return ptr;
        }
        let p = self.alloc(new);
        if !p.is_null() {
            std::ptr::copy_nonoverlapping(ptr, p, l.size().min(new_size));
            self.dealloc(ptr, l);
        }
        p
    }
}
