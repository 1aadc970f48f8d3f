//go:build race

package verify

// raceDetector: the tests run under the race detector, which makes the
// model checker about six times slower.
const raceDetector = true
