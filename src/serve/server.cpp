// Placeholder until the server lands.
namespace mosaic::serve {}
