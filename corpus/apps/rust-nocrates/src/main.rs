//! rpncalc: evaluates each argument (or each line of a file given with -f)
//! as a reverse-Polish expression and prints the result.

mod rpn;

use std::env;
use std::fs;
use std::process;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let exprs: Vec<String> = if args.first().map(String::as_str) == Some("-f") {
        let path = args.get(1).unwrap_or_else(|| {
            eprintln!("usage: rpncalc -f FILE | rpncalc EXPR...");
            process::exit(2)
        });
        let text = fs::read_to_string(path).unwrap_or_else(|e| {
            eprintln!("rpncalc: {}: {}", path, e);
            process::exit(1)
        });
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect()
    } else {
        args
    };

    let mut failed = 0;
    for expr in &exprs {
        match rpn::eval(expr) {
            Ok(v) => println!("{} = {}", expr, (v * 1e6).round() / 1e6),
            Err(e) => {
                println!("{} : error: {}", expr, e);
                failed += 1;
            }
        }
    }
    println!("{} expressions, {} errors", exprs.len(), failed);
}
