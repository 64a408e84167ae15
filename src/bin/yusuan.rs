fn main() {
    eprintln!("yusuan: not written yet");
    std::process::exit(2);
}
