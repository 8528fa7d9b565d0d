"""裁量辅助: the decision engine in the platform — API, pages and the published rulebooks they use
(issue #3 part 6; R-DEC-1…6)."""
