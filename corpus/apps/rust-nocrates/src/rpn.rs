//! A reverse-Polish-notation evaluator over f64.

use std::fmt;

#[derive(Debug, PartialEq)]
pub enum Error {
    StackUnderflow(String),
    BadToken(String),
    DivisionByZero,
    Leftover(usize),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Error::StackUnderflow(op) => write!(f, "not enough operands for '{}'", op),
            Error::BadToken(t) => write!(f, "unknown token '{}'", t),
            Error::DivisionByZero => write!(f, "division by zero"),
            Error::Leftover(n) => write!(f, "{} values left on the stack", n),
        }
    }
}

pub fn eval(expr: &str) -> Result<f64, Error> {
    let mut stack: Vec<f64> = Vec::new();
    for tok in expr.split_whitespace() {
        if let Ok(v) = tok.parse::<f64>() {
            stack.push(v);
            continue;
        }
        match tok {
            "sqrt" | "neg" => {
                let a = stack.pop().ok_or_else(|| Error::StackUnderflow(tok.into()))?;
                stack.push(if tok == "sqrt" { a.sqrt() } else { -a });
            }
            "+" | "-" | "*" | "/" | "^" => {
                let b = stack.pop().ok_or_else(|| Error::StackUnderflow(tok.into()))?;
                let a = stack.pop().ok_or_else(|| Error::StackUnderflow(tok.into()))?;
                stack.push(match tok {
                    "+" => a + b,
                    "-" => a - b,
                    "*" => a * b,
                    "/" if b == 0.0 => return Err(Error::DivisionByZero),
                    "/" => a / b,
                    _ => a.powf(b),
                });
            }
            _ => return Err(Error::BadToken(tok.into())),
        }
    }
    match stack.len() {
        1 => Ok(stack[0]),
        0 => Err(Error::StackUnderflow("end".into())),
        n => Err(Error::Leftover(n)),
    }
}
