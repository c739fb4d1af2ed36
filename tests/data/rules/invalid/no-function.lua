return rule {
  id = "invalid.no-function",
  title = "Neither each nor finish",
  severity = "info",
}
