package main

import (
	"context"
	"fmt"
	"strings"
)

// generation times a full generation, ours against plain oapi-codegen, alternating the two
// so that a busy moment of the machine falls on both; then the no-change check; and the
// peak memory of each side's generation.
func (b *bench) generation(ctx context.Context) ([]row, error) {
	generate, plain := b.ours("generate"), b.plain()
	for _, p := range []proc{generate, plain} {
		if _, err := p.run(ctx, b.log); err != nil {
			return nil, fmt.Errorf("warm-up: %w", err)
		}
	}

	var oursT, plainT, oursRSS, plainRSS []float64
	for range b.cfg.runs {
		o, err := generate.run(ctx, b.log)
		if err != nil {
			return nil, err
		}
		p, err := plain.run(ctx, b.log)
		if err != nil {
			return nil, err
		}
		oursT, plainT = append(oursT, o.wall.Seconds()), append(plainT, p.wall.Seconds())
		oursRSS = append(oursRSS, mib(o.maxRSS))
		plainRSS = append(plainRSS, mib(p.maxRSS))
	}

	check, err := b.noChangeCheck(ctx)
	if err != nil {
		return nil, err
	}
	return []row{
		{figure: "Generation, v2 and v3 (`gen generate`)", ours: median(oursT),
			base: median(plainT), baseName: "plain oapi-codegen", unit: "s",
			goal: goal{ratio: 1.5}},
		{figure: "No-change check (`gen check`, stamp hit)", ours: check,
			base: median(plainT), baseName: "plain generation", unit: "s",
			goal: goal{ratio: 0.3}},
		{figure: "Peak RSS, full generation", ours: median(oursRSS),
			base: median(plainRSS), baseName: "plain oapi-codegen", unit: "MiB"},
	}, nil
}

// noChangeCheck times gen check right after gen generate, when its stamp must hit; a miss
// is an error, since the figure would then measure something else.
func (b *bench) noChangeCheck(ctx context.Context) (float64, error) {
	check := b.ours("check", "-v")
	var times []float64
	for range b.cfg.runs {
		s, err := check.run(ctx, b.log)
		if err != nil {
			return 0, err
		}
		if !strings.Contains(s.stderr, "hit=true") {
			return 0, fmt.Errorf("gen check regenerated right after gen generate:\n%s",
				tail(s.stderr, 10))
		}
		times = append(times, s.wall.Seconds())
	}
	return median(times), nil
}

func mib(bytes int64) float64 {
	return float64(bytes) / (1 << 20)
}
