//! Chart kinds → Scene. (Being written: see issue 3.)
