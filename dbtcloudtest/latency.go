package dbtcloudtest

import "time"

// latencyRule is a delay added to every request to the operations it names.
type latencyRule struct {
	match string
	delay time.Duration
}

// SetLatency makes every request to operation, named in any form Inject accepts, wait d
// in real time before it is answered, on top of any fault; zero removes the delay. When
// several settings match a request, the longest applies. The wait is cut short when the
// client gives up.
func (s *Server) SetLatency(operation string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()

	kept := s.latency[:0]
	for _, r := range s.latency {
		if r.match != operation {
			kept = append(kept, r)
		}
	}
	if d > 0 {
		kept = append(kept, latencyRule{match: operation, delay: d})
	}
	s.latency = kept
}

// latencyOf returns the delay set for requests to rt.
func (s *Server) latencyOf(rt *route) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()

	var d time.Duration
	for _, r := range s.latency {
		if matchesOperation(r.match, rt) {
			d = max(d, r.delay)
		}
	}
	return d
}
