//! `ferrous` command-line tool.
//!
//! Reads numbers from files or standard input and prints window statistics
//! every `--every` samples.
//!
//!     ping -c 100 example.org | awk -F'time=' '/time=/{print $2+0}' | ferrous -w 20

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use ferrous::{format_summary, header, parse_line, Format, Window, VERSION};

struct Options {
    window: usize,
    every: u64,
    format: Format,
    strict: bool,
    inputs: Vec<String>,
}

const USAGE: &str = "usage: ferrous [-w WINDOW] [-e EVERY] [-f text|csv|json] [--strict] [FILE ...]

  -w, --window N   number of most recent samples to summarise (default 100)
  -e, --every N    print a summary every N samples (default: window size)
  -f, --format F   output format: text, csv or json (default text)
      --strict     stop at the first line that is not a number
  -V, --version    print the version";

fn parse_args() -> Result<Options, String> {
    let mut opts = Options {
        window: 100,
        every: 0,
        format: Format::Text,
        strict: false,
        inputs: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "-w" | "--window" => {
                opts.window = value("--window")?.parse().map_err(|e| format!("--window: {e}"))?;
                if opts.window == 0 {
                    return Err("--window must be at least 1".into());
                }
            }
            "-e" | "--every" => {
                opts.every = value("--every")?.parse().map_err(|e| format!("--every: {e}"))?;
            }
            "-f" | "--format" => opts.format = value("--format")?.parse()?,
            "--strict" => opts.strict = true,
            "-V" | "--version" => {
                println!("ferrous {VERSION}");
                std::process::exit(0);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            s if s.starts_with('-') && s != "-" => return Err(format!("unknown option {s}")),
            _ => opts.inputs.push(arg),
        }
    }
    if opts.every == 0 {
        opts.every = opts.window as u64;
    }
    Ok(opts)
}

fn open(path: &str) -> io::Result<Box<dyn BufRead>> {
    if path == "-" {
        Ok(Box::new(BufReader::new(io::stdin())))
    } else {
        Ok(Box::new(BufReader::new(File::open(path)?)))
    }
}

fn run(opts: &Options) -> Result<u64, Box<dyn std::error::Error>> {
    let mut window = Window::new(opts.window);
    let mut out = BufWriter::new(io::stdout().lock());
    let mut skipped = 0u64;
    let mut printed = 0u64;
    if let Some(h) = header(opts.format) {
        writeln!(out, "{h}")?;
    }
    let inputs = if opts.inputs.is_empty() { vec!["-".to_string()] } else { opts.inputs.clone() };
    for path in &inputs {
        let reader = open(path).map_err(|e| format!("{path}: {e}"))?;
        for (lineno, line) in reader.lines().enumerate() {
            let line = line?;
            let value = match parse_line(&line) {
                Ok(Some(v)) => v,
                Ok(None) => continue,
                Err(e) if opts.strict => return Err(format!("{path}:{}: {e}", lineno + 1).into()),
                Err(_) => {
                    skipped += 1;
                    continue;
                }
            };
            window.push(value)?;
            if window.seen() % opts.every == 0 {
                if let Some(s) = window.summary() {
                    printed += 1;
                    writeln!(out, "{}", format_summary(&s, opts.format, window.seen()))?;
                }
            }
        }
    }
    if window.seen() % opts.every != 0 || printed == 0 {
        if let Some(s) = window.summary() {
            writeln!(out, "{}", format_summary(&s, opts.format, window.seen()))?;
        }
    }
    out.flush()?;
    Ok(skipped)
}

fn main() -> ExitCode {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("ferrous: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&opts) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(skipped) => {
            eprintln!("ferrous: skipped {skipped} line(s) that were not numbers");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ferrous: {e}");
            ExitCode::FAILURE
        }
    }
}
