//! Our versioned JSON format (`"format": "yusuan/1"`). (Being written: see issue 2.)
