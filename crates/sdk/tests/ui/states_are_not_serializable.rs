// E0277: a state holds a live, single-use Session; it is not `Serialize` (parking one
// between requests will need the opt-in `sealed-state` feature).

use cognito_flow::SmsMfa;

fn park(step: &SmsMfa) -> String {
    serde_json::to_string(step).unwrap_or_default()
}

fn main() {
    let _ = park;
}
