//! The binary is static: no ELF interpreter, no shared libraries needed.
//!
//! The ELF check is pure Rust and always runs; `ldd` and `file` are extra
//! witnesses, skipped with a notice only when the tool is missing.

use std::path::Path;
use std::process::Command;

const PT_DYNAMIC: u32 = 2;
const PT_INTERP: u32 = 3;
const DT_NULL: i64 = 0;
const DT_NEEDED: i64 = 1;

fn bin() -> &'static Path {
    Path::new(crate::util::BIN)
}

fn u16_at(b: &[u8], off: usize) -> u16 {
    u16::from_le_bytes(b[off..off + 2].try_into().unwrap())
}

fn u32_at(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(b[off..off + 4].try_into().unwrap())
}

fn u64_at(b: &[u8], off: usize) -> u64 {
    u64::from_le_bytes(b[off..off + 8].try_into().unwrap())
}

/// One ELF64 program header: (p_type, p_offset, p_filesz).
fn program_headers(elf: &[u8]) -> Vec<(u32, u64, u64)> {
    assert!(elf.len() >= 64, "too short for an ELF header");
    assert_eq!(&elf[..4], b"\x7fELF", "not an ELF file");
    assert_eq!(elf[4], 2, "not ELFCLASS64");
    assert_eq!(elf[5], 1, "not little-endian");
    let e_phoff = u64_at(elf, 0x20) as usize;
    let e_phentsize = u16_at(elf, 0x36) as usize;
    let e_phnum = u16_at(elf, 0x38) as usize;
    assert!(e_phentsize >= 56, "program header entry too small");
    assert!(e_phnum > 0, "no program headers");
    assert!(
        e_phoff + e_phnum * e_phentsize <= elf.len(),
        "program headers past the end of the file"
    );
    (0..e_phnum)
        .map(|i| {
            let ph = e_phoff + i * e_phentsize;
            (u32_at(elf, ph), u64_at(elf, ph + 8), u64_at(elf, ph + 32))
        })
        .collect()
}

#[test]
fn elf_has_no_interpreter_and_needs_no_library() {
    let elf = std::fs::read(bin()).unwrap();
    let phs = program_headers(&elf);
    assert!(
        phs.iter().all(|&(t, _, _)| t != PT_INTERP),
        "{} has a PT_INTERP header: it is dynamically linked",
        bin().display()
    );
    // A static-pie keeps a PT_DYNAMIC for its relocations, but must not
    // name any shared library (DT_NEEDED).
    for &(_, off, size) in phs.iter().filter(|&&(t, _, _)| t == PT_DYNAMIC) {
        let (off, size) = (off as usize, size as usize);
        assert!(off + size <= elf.len());
        for entry in elf[off..off + size].chunks_exact(16) {
            let tag = u64_at(entry, 0) as i64;
            if tag == DT_NULL {
                break;
            }
            assert_ne!(tag, DT_NEEDED, "the binary needs a shared library");
        }
    }
}

#[test]
fn ldd_says_static() {
    let out = match Command::new("ldd").arg(bin()).env("LC_ALL", "C").output() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("notice: ldd not runnable ({e}); the ELF check still ran");
            return;
        }
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("statically linked") || text.contains("not a dynamic executable"),
        "ldd: {text}"
    );
}

#[test]
fn file_says_static() {
    let out = match Command::new("file").arg("-L").arg(bin()).output() {
        Ok(o) if o.status.success() => o,
        _ => {
            eprintln!("notice: file(1) not available; the ELF check still ran");
            return;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("statically linked") || text.contains("static-pie linked"),
        "file: {text}"
    );
    assert!(!text.contains("interpreter"), "file: {text}");
}
