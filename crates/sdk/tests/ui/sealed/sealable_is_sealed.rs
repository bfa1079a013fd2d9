// E0277: `Sealable` is a sealed trait: no type outside the SDK can implement it (and so
// invent what goes into a sealed state).

use cognito_flow::Sealable;

struct MyState;

impl Sealable for MyState {}

fn main() {}
