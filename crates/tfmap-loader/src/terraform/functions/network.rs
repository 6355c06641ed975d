//! `cidrhost`, `cidrnetmask`, `cidrsubnet` and `cidrsubnets`, for IPv4 and IPv6, with
//! Terraform's rules (its `go-cidr` arithmetic). Addresses are held as `u128` with their
//! width in bits (32 or 128), so no step can overflow. IPv4 parts may have leading zeros
//! (read as decimal), as Terraform's address parser allows.

use super::{arg, kind, string_arg};
use hcl::Value;
use hcl::eval::FuncArgs;
use std::net::{Ipv4Addr, Ipv6Addr};

/// More subnets than this from one `cidrsubnets` call is refused.
const MAX_SUBNETS: usize = 4096;

/// A network: its first address, its prefix length and its width (32 or 128 bits).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Network {
    address: u128,
    prefix: u32,
    width: u32,
}

impl Network {
    fn parse(text: &str) -> Result<Network, String> {
        let invalid = || format!("invalid CIDR expression: {text:?}");
        let (address, prefix) = text.split_once('/').ok_or_else(invalid)?;
        let (address, width) = match parse_ipv4(address) {
            Some(v4) => (u128::from(u32::from(v4)), 32),
            None => (
                u128::from(address.parse::<Ipv6Addr>().map_err(|_| invalid())?),
                128,
            ),
        };
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) || prefix.len() > 3 {
            return Err(invalid());
        }
        let prefix: u32 = prefix.parse().map_err(|_| invalid())?;
        if prefix > width {
            return Err(invalid());
        }
        Ok(Network {
            address: address & mask(prefix, width),
            prefix,
            width,
        })
    }

    fn with_prefix(self, prefix: u32) -> Network {
        Network {
            address: self.address & mask(prefix, self.width),
            prefix,
            width: self.width,
        }
    }

    /// The last address inside the network.
    fn last(self) -> u128 {
        self.address | (!mask(self.prefix, self.width) & all_ones(self.width))
    }

    fn contains(self, address: u128) -> bool {
        address & mask(self.prefix, self.width) == self.address
    }

    fn to_text(self) -> String {
        format!("{}/{}", address_text(self.address, self.width), self.prefix)
    }
}

/// Four decimal parts of at most 255 each; leading zeros are decimal, not octal.
fn parse_ipv4(text: &str) -> Option<Ipv4Addr> {
    let mut parts = [0u8; 4];
    let mut count = 0;
    for part in text.split('.') {
        if count == 4 || part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = part.trim_start_matches('0');
        let value: u32 = if digits.is_empty() {
            0
        } else if digits.len() > 3 {
            return None;
        } else {
            digits.parse().ok()?
        };
        parts[count] = u8::try_from(value).ok()?;
        count += 1;
    }
    (count == 4).then(|| Ipv4Addr::from(parts))
}

fn all_ones(width: u32) -> u128 {
    if width >= 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    }
}

/// The netmask of a prefix length, as an address of the given width.
fn mask(prefix: u32, width: u32) -> u128 {
    let host_bits = width.saturating_sub(prefix);
    let host = if host_bits >= 128 {
        u128::MAX
    } else {
        (1u128 << host_bits) - 1
    };
    all_ones(width) & !host
}

/// Addresses as Go writes them: dotted IPv4, RFC 5952 IPv6.
fn address_text(address: u128, width: u32) -> String {
    if width == 32 {
        u32::try_from(address).map_or_else(|_| String::new(), |a| Ipv4Addr::from(a).to_string())
    } else {
        Ipv6Addr::from(address).to_string()
    }
}

/// A whole number argument, as `i128` (fractions and huge floats are refused).
fn integer_arg(args: &FuncArgs, i: usize) -> Result<i128, String> {
    let not_whole = || format!("argument {} must be a whole number", i + 1);
    match arg(args, i)? {
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
            .ok_or_else(not_whole),
        Value::String(s) => s.trim().parse::<i128>().map_err(|_| not_whole()),
        other => Err(format!(
            "argument {} must be a number, got {}",
            i + 1,
            kind(other)
        )),
    }
}

/// `cidrhost(prefix, hostnum)`: the address numbered `hostnum` inside the network; a
/// negative number counts back from the last address (`-1` is the last).
pub fn cidrhost(args: FuncArgs) -> Result<Value, String> {
    let network = Network::parse(&string_arg(&args, 0)?)?;
    let number = integer_arg(&args, 1)?;
    let host_bits = network.width - network.prefix;
    let largest = if host_bits >= 127 {
        // Only hostnums that fit an i128 are accepted, so any of them fits.
        i128::MAX
    } else {
        (1i128 << host_bits) - 1
    };
    let offset = if number < 0 {
        largest.checked_add(number + 1)
    } else {
        Some(number)
    };
    let Some(offset) = offset.filter(|o| (0..=largest).contains(o)) else {
        return Err(format!(
            "prefix of {} does not accommodate a host numbered {number}",
            network.prefix
        ));
    };
    let offset = u128::try_from(offset).map_err(|e| e.to_string())?;
    Ok(Value::String(address_text(
        network.address | offset,
        network.width,
    )))
}

/// `cidrnetmask(prefix)`: the IPv4 netmask in dotted form.
pub fn cidrnetmask(args: FuncArgs) -> Result<Value, String> {
    let text = string_arg(&args, 0)?;
    let network = Network::parse(&text)?;
    if network.width != 32 {
        return Err(format!("IPv6 addresses cannot have a netmask: {text}"));
    }
    Ok(Value::String(address_text(mask(network.prefix, 32), 32)))
}

/// `cidrsubnet(prefix, newbits, netnum)`: the subnet numbered `netnum` among those with
/// `newbits` more prefix bits.
pub fn cidrsubnet(args: FuncArgs) -> Result<Value, String> {
    let network = Network::parse(&string_arg(&args, 0)?)?;
    let new_bits = integer_arg(&args, 1)?;
    let number = integer_arg(&args, 2)?;
    let prefix = i128::from(network.prefix) + new_bits;
    if new_bits < 0 || prefix > i128::from(network.width) {
        return Err(format!(
            "insufficient address space to extend prefix of {} by {new_bits}",
            network.prefix
        ));
    }
    let prefix = u32::try_from(prefix).map_err(|e| e.to_string())?;
    let new_bits = u32::try_from(new_bits).map_err(|e| e.to_string())?;
    let fits = u128::try_from(number)
        .ok()
        .filter(|n| new_bits >= 128 || *n < (1u128 << new_bits));
    let Some(number) = fits else {
        return Err(format!(
            "prefix extension of {new_bits} does not accommodate a subnet numbered {number}"
        ));
    };
    let shift = network.width - prefix;
    let offset = if shift >= 128 { 0 } else { number << shift };
    let subnet = Network {
        address: network.address | offset,
        prefix,
        width: network.width,
    };
    Ok(Value::String(subnet.to_text()))
}

/// `cidrsubnets(prefix, newbits…)`: consecutive subnets of the given sizes, each aligned
/// to its own size, packed from the start of the network.
pub fn cidrsubnets(args: FuncArgs) -> Result<Value, String> {
    let network = Network::parse(&string_arg(&args, 0)?)?;
    if args.len() > MAX_SUBNETS + 1 {
        return Err(format!("cidrsubnets: more than {MAX_SUBNETS} subnets"));
    }
    let mut lengths = Vec::new();
    for i in 1..args.len() {
        let new_bits = integer_arg(&args, i)?;
        if new_bits < 1 {
            return Err("cidrsubnets: must extend prefix by at least one bit".to_string());
        }
        if new_bits > 32 {
            return Err("cidrsubnets: may not extend prefix by more than 32 bits".to_string());
        }
        let length = i128::from(network.prefix) + new_bits;
        if length > i128::from(network.width) {
            return Err(format!(
                "cidrsubnets: would extend prefix to {length} bits, which is too long for an IPv{} address",
                if network.width == 32 { 4 } else { 6 }
            ));
        }
        lengths.push(u32::try_from(length).map_err(|e| e.to_string())?);
    }
    let Some(&first) = lengths.first() else {
        return Ok(Value::Array(Vec::new()));
    };
    // Start just before the network, as go-cidr does, then take each next subnet.
    let ones = all_ones(network.width);
    let mut current = Network {
        address: network.address.wrapping_sub(1) & ones,
        ..network
    }
    .with_prefix(first);
    let mut out = Vec::with_capacity(lengths.len());
    for length in lengths {
        let aligned = Network {
            address: current.last(),
            ..current
        }
        .with_prefix(length);
        let after = aligned.last().wrapping_add(1) & ones;
        let next = Network {
            address: after,
            prefix: length,
            width: network.width,
        };
        if after == 0 || !network.contains(next.address) {
            return Err(format!(
                "cidrsubnets: not enough remaining address space for a subnet with a prefix of {length} bits after {}",
                current.to_text()
            ));
        }
        current = next;
        out.push(Value::String(current.to_text()));
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{eval, fails};
    use hcl::Value;

    #[test]
    fn cidrhost_counts_from_either_end() {
        assert_eq!(
            eval(r#"cidrhost("10.12.112.0/20", 16)"#),
            Value::from("10.12.112.16")
        );
        assert_eq!(
            eval(r#"cidrhost("10.12.112.0/20", 268)"#),
            Value::from("10.12.113.12")
        );
        assert_eq!(
            eval(r#"cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)"#),
            Value::from("fd00:fd12:3456:7890::22")
        );
        assert_eq!(
            eval(r#"cidrhost("10.0.0.0/24", -1)"#),
            Value::from("10.0.0.255")
        );
        assert_eq!(
            eval(r#"cidrhost("10.0.0.0/24", -256)"#),
            Value::from("10.0.0.0")
        );
        assert!(fails(r#"cidrhost("10.0.0.0/24", 256)"#));
        assert!(fails(r#"cidrhost("10.0.0.0/24", -257)"#));
        assert!(fails(r#"cidrhost("10.0.0.0/33", 1)"#));
        assert!(fails(r#"cidrhost("not a cidr", 1)"#));
    }

    #[test]
    fn cidrnetmask_is_ipv4_only() {
        assert_eq!(
            eval(r#"cidrnetmask("172.16.0.0/12")"#),
            Value::from("255.240.0.0")
        );
        assert_eq!(eval(r#"cidrnetmask("10.0.0.0/0")"#), Value::from("0.0.0.0"));
        assert!(fails(r#"cidrnetmask("fd00::/64")"#));
    }

    #[test]
    fn cidrsubnet_numbers_the_subnets() {
        assert_eq!(
            eval(r#"cidrsubnet("172.16.0.0/12", 4, 2)"#),
            Value::from("172.18.0.0/16")
        );
        assert_eq!(
            eval(r#"cidrsubnet("10.1.2.0/24", 4, 15)"#),
            Value::from("10.1.2.240/28")
        );
        assert_eq!(
            eval(r#"cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)"#),
            Value::from("fd00:fd12:3456:7800:a200::/72")
        );
        // The address is masked to its prefix first; leading zeros are decimal.
        assert_eq!(
            eval(r#"cidrsubnet("010.1.2.3/16", 8, 3)"#),
            Value::from("10.1.3.0/24")
        );
        assert!(fails(r#"cidrsubnet("10.1.2.0/24", 4, 16)"#));
        assert!(fails(r#"cidrsubnet("10.1.2.0/24", 9, 0)"#));
        assert!(fails(r#"cidrsubnet("10.1.2.0/24", 4, -1)"#));
    }

    #[test]
    fn cidrsubnets_packs_subnets_in_order() {
        assert_eq!(
            eval(r#"cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)"#),
            eval(r#"["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]"#)
        );
        assert_eq!(
            eval(r#"cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)"#),
            eval(
                r#"["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72",
                    "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"]"#
            )
        );
        assert_eq!(eval(r#"cidrsubnets("10.0.0.0/8")"#), eval("[]"));
        assert!(fails(r#"cidrsubnets("10.0.0.0/30", 1, 1, 1)"#));
        assert!(fails(r#"cidrsubnets("10.0.0.0/8", 0)"#));
        assert!(fails(r#"cidrsubnets("10.0.0.0/8", 33)"#));
        assert!(fails(r#"cidrsubnets("10.0.0.0/24", 9)"#));
    }
}
