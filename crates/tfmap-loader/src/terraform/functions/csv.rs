//! `csvdecode`: CSV as Go's `encoding/csv` reads it with its defaults, the reader Terraform
//! uses. The first record is the header; each later record becomes an object of strings
//! keyed by it. Quoted fields may hold commas, newlines and doubled quotes; a quote inside
//! an unquoted field, a stray character after a closing quote, or a record with another
//! number of fields than the header is an error, as in Terraform. Blank lines are skipped.

use super::string_arg;
use hcl::eval::FuncArgs;
use hcl::{Map, Value};

pub fn csvdecode(args: FuncArgs) -> Result<Value, String> {
    let text = string_arg(&args, 0)?;
    let mut records = records(&text)?.into_iter();
    let header = records.next().ok_or("missing header line")?;
    let mut rows = Vec::new();
    for (number, record) in records.enumerate() {
        if record.len() != header.len() {
            return Err(format!(
                "record {} has {} fields; the header has {}",
                number + 2,
                record.len(),
                header.len()
            ));
        }
        let row: Map<String, Value> = header
            .iter()
            .cloned()
            .zip(record.into_iter().map(Value::from))
            .collect();
        rows.push(Value::Object(row));
    }
    Ok(Value::Array(rows))
}

/// The records of a CSV text, each a list of fields.
fn records(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        // A blank line (`\n` or `\r\n` alone) is no record.
        match chars.peek() {
            Some('\n') => {
                chars.next();
                line += 1;
                continue;
            }
            Some('\r') => {
                let mut ahead = chars.clone();
                ahead.next();
                if ahead.peek() == Some(&'\n') {
                    chars.next();
                    chars.next();
                    line += 1;
                    continue;
                }
            }
            _ => {}
        }
        let mut record = Vec::new();
        loop {
            let mut field = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                loop {
                    match chars.next() {
                        None => return Err(format!("line {line}: a quoted field is not closed")),
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some('\r') if chars.peek() == Some(&'\n') => {}
                        Some(c) => {
                            if c == '\n' {
                                line += 1;
                            }
                            field.push(c);
                        }
                    }
                }
                match chars.peek() {
                    None | Some(',' | '\n') => {}
                    Some('\r') => {}
                    Some(_) => {
                        return Err(format!(
                            "line {line}: extraneous or missing \" in quoted-field"
                        ));
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    match c {
                        ',' | '\n' => break,
                        '\r' => {
                            let mut ahead = chars.clone();
                            ahead.next();
                            if matches!(ahead.peek(), None | Some('\n')) {
                                break;
                            }
                            field.push(c);
                            chars.next();
                        }
                        '"' => return Err(format!("line {line}: bare \" in non-quoted-field")),
                        _ => {
                            field.push(c);
                            chars.next();
                        }
                    }
                }
            }
            record.push(field);
            match chars.next() {
                Some(',') => continue,
                Some('\r') => {
                    chars.next_if_eq(&'\n');
                    line += 1;
                    break;
                }
                Some('\n') => {
                    line += 1;
                    break;
                }
                _ => break,
            }
        }
        records.push(record);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Result<Value, String> {
        use hcl::eval::Evaluate;
        let source = format!("csvdecode({text:?})");
        let expr: hcl::Expression = hcl::edit::parser::parse_expr(&source)
            .map_err(|e| e.to_string())?
            .into();
        expr.evaluate(&super::super::base_context())
            .map_err(|e| e.to_string())
    }

    fn object(pairs: &[(&str, &str)]) -> Value {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Value::from(*v)))
                .collect(),
        )
    }

    #[test]
    fn rows_become_objects_keyed_by_the_header() {
        let value = decode("a,b,c\n1,2,3\n4,5,6\n");
        assert_eq!(
            value,
            Ok(Value::Array(vec![
                object(&[("a", "1"), ("b", "2"), ("c", "3")]),
                object(&[("a", "4"), ("b", "5"), ("c", "6")]),
            ]))
        );
    }

    #[test]
    fn quoted_fields_hold_commas_newlines_and_quotes() {
        let value = decode("name,note\r\n\"web, api\",\"say \"\"hi\"\"\nthen go\"\r\n\r\n");
        assert_eq!(
            value,
            Ok(Value::Array(vec![object(&[
                ("name", "web, api"),
                ("note", "say \"hi\"\nthen go"),
            ])]))
        );
    }

    #[test]
    fn a_header_alone_is_an_empty_list() {
        assert_eq!(decode("a,b"), Ok(Value::Array(Vec::new())));
    }

    #[test]
    fn what_go_refuses_is_an_error() {
        assert!(decode("").is_err());
        assert!(decode("a,b\n1\n").is_err());
        assert!(decode("a,b\n1,x\"y\n").is_err());
        assert!(decode("a,b\n\"1\"x,2\n").is_err());
        assert!(decode("a,b\n\"1,2\n").is_err());
    }
}
