package qa

// sourceDifferences stands in for the difference finder of issue 16, which
// is written in qa/differ.go on another branch: this file is deleted when
// that one is merged. Until then nothing is found comparable.
func sourceDifferences(want answerKind, sources []SourceAnswer) ([]Difference, int) {
	return nil, 0
}
