fn main() {
    std::process::exit(ds01_events::commands::run(std::env::args_os()));
}
