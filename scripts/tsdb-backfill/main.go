// Command tsdb-backfill writes hours of history for scraped targets straight into TSDB blocks, with
// the tsdb package of the Prometheus that reads them: the series of each target's exposition with the
// target's labels, a sample every step, counters growing linearly to their exposed value at the end
// (where a live scrape of the same exposition goes on from) and gauges at their exposed value.
// promtool's OpenMetrics import does the same from text, which at a Prometheus's worth of series
// and hours is tens of gigabytes to write and parse; this writes the samples directly.
//
// Usage: tsdb-backfill SPEC.json DATA-DIR
// SPEC.json: {"start_ms": T0, "end_ms": T1, "step_ms": 30000, "targets": [{"growing": "a.prom",
// "constant": "b.prom", "labels": {"job": "synapse", ...}}, ...]} where a.prom holds the sample lines
// (exposition format) of the target's counters, histogram buckets, sums and counts and b.prom the
// rest; samples are written for every t with T0 <= t < T1.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/prometheus/common/promslog"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/textparse"
	"github.com/prometheus/prometheus/storage"
	"github.com/prometheus/prometheus/tsdb"
)

// The blocks Prometheus cuts from its head: two hours, aligned to multiples of two hours.
const blockDuration = int64(2 * time.Hour / time.Millisecond)

// Samples appended before a commit, so that the pending samples do not pile up in memory.
const commitEvery = 500_000

type spec struct {
	StartMs int64 `json:"start_ms"`
	EndMs   int64 `json:"end_ms"`
	StepMs  int64 `json:"step_ms"`
	Targets []struct {
		Growing  string            `json:"growing"`
		Constant string            `json:"constant"`
		Labels   map[string]string `json:"labels"`
	} `json:"targets"`
}

// A series to write: its labels, its value at the end of the history and whether it grows to it.
type series struct {
	labels labels.Labels
	value  float64
	grows  bool
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: tsdb-backfill SPEC.json DATA-DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "tsdb-backfill:", err)
		os.Exit(1)
	}
}

func run(specPath, dataDir string) error {
	var s spec
	raw, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	if s.StepMs <= 0 || s.EndMs <= s.StartMs {
		return fmt.Errorf("%s: need step_ms > 0 and end_ms > start_ms", specPath)
	}
	all, err := load(s)
	if err != nil {
		return err
	}
	began := time.Now()
	samples := 0
	for blockStart := s.StartMs / blockDuration * blockDuration; blockStart < s.EndMs; blockStart += blockDuration {
		n, err := writeBlock(s, all, max(blockStart, s.StartMs), min(blockStart+blockDuration, s.EndMs), dataDir)
		if err != nil {
			return err
		}
		samples += n
	}
	fmt.Printf("tsdb-backfill: %d series, %d samples in %.1f s\n", len(all), samples, time.Since(began).Seconds())
	return nil
}

// load reads every target's expositions and gives each series the target's labels.
func load(s spec) ([]series, error) {
	var all []series
	symbols := labels.NewSymbolTable()
	for _, target := range s.Targets {
		for _, file := range []struct {
			path  string
			grows bool
		}{{target.Growing, true}, {target.Constant, false}} {
			text, err := os.ReadFile(file.path)
			if err != nil {
				return nil, err
			}
			parser := textparse.NewPromParser(text, symbols, false)
			for {
				entry, err := parser.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					return nil, fmt.Errorf("%s: %w", file.path, err)
				}
				if entry != textparse.EntrySeries {
					continue
				}
				_, _, value := parser.Series()
				var parsed labels.Labels
				parser.Labels(&parsed)
				builder := labels.NewBuilder(parsed)
				for name, v := range target.Labels {
					builder.Set(name, v)
				}
				all = append(all, series{builder.Labels(), value, file.grows})
			}
		}
	}
	return all, nil
}

// writeBlock writes the samples of [from, to) into one block of dataDir.
func writeBlock(s spec, all []series, from, to int64, dataDir string) (written int, err error) {
	// The block writer refuses samples more than half its block size older than the newest one
	// appended; as promtool does, it is given twice the block size, which it never compacts.
	writer, err := tsdb.NewBlockWriter(promslog.NewNopLogger(), dataDir, 2*blockDuration)
	if err != nil {
		return 0, err
	}
	defer func() { err = errors.Join(err, writer.Close()) }()
	ctx := context.Background()
	refs := make([]storage.SeriesRef, len(all))
	app := writer.AppenderV2(ctx)
	pending := 0
	first := (from-s.StartMs+s.StepMs-1)/s.StepMs*s.StepMs + s.StartMs
	for t := first; t < to; t += s.StepMs {
		progress := 0.01 + 0.99*float64(t-s.StartMs)/float64(s.EndMs-s.StartMs)
		for i, one := range all {
			v := one.value
			if one.grows {
				v *= progress
			}
			refs[i], err = app.Append(refs[i], one.labels, 0, t, v, nil, nil, storage.AOptions{})
			if err != nil {
				return written, fmt.Errorf("%s at %d: %w", one.labels, t, err)
			}
			written++
			if pending++; pending == commitEvery {
				if err := app.Commit(); err != nil {
					return written, err
				}
				app, pending = writer.AppenderV2(ctx), 0
			}
		}
	}
	if err := app.Commit(); err != nil {
		return written, err
	}
	_, err = writer.Flush(ctx)
	return written, err
}
