//! The `signzone` binary: all of it is in the library (`src/signzone/`).

fn main() {
    dnssec_kit::signzone::main()
}
