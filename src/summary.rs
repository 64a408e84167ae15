//! The summary object of `yusuan summary --json`. (Being written: see issue 2.)
