package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/tsdb"
	"github.com/prometheus/prometheus/tsdb/chunkenc"
)

// Samples shaped as Synapse's /_synapse/metrics exposes them (synapse/storage/database.py's
// transaction-time counter, a histogram of synapse/http/request_metrics.py, a process gauge).
const growing = `synapse_storage_transaction_time_count_total{desc="get_users"} 40.0
synapse_http_server_response_time_seconds_bucket{code="200",le="0.1",method="GET"} 30.0
synapse_http_server_response_time_seconds_bucket{code="200",le="+Inf",method="GET"} 50.0
`
const constant = `process_open_fds 61.0
`

// Three hours and a half, not aligned to the two-hour blocks, for two targets.
func TestWritesEachTargetsSeriesGrowingToTheExposedValue(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	const hour = int64(3600_000)
	start, end, step := 1_000*hour+hour/2, 1_004*hour, int64(30_000)
	spec := map[string]any{"start_ms": start, "end_ms": end, "step_ms": step, "targets": []map[string]any{
		{"growing": write("g.prom", growing), "constant": write("c.prom", constant), "labels": map[string]string{"pod": "synapse-0"}},
		{"growing": write("g.prom", growing), "constant": write("c.prom", constant), "labels": map[string]string{"pod": "synapse-1"}},
	}}
	raw, _ := json.Marshal(spec)
	data := filepath.Join(dir, "data")
	if err := run(write("spec.json", string(raw)), data); err != nil {
		t.Fatal(err)
	}

	// Read as a Prometheus reads the directory; one that never ran has an empty write-ahead log.
	if err := os.Mkdir(filepath.Join(data, "wal"), 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := tsdb.OpenDBReadOnly(data, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	blocks, err := db.Blocks()
	if err != nil {
		t.Fatal(err)
	}
	// [1000.5h, 1002h), [1002h, 1004h): cut at two-hour boundaries as Prometheus cuts its own.
	if len(blocks) != 2 || blocks[0].Meta().MinTime != start || blocks[1].Meta().MinTime != 1_002*hour {
		t.Fatalf("want 2 blocks cut at 1002h, got %d: %+v", len(blocks), blocks)
	}
	querier, err := db.Querier(math.MinInt64, math.MaxInt64)
	if err != nil {
		t.Fatal(err)
	}
	defer querier.Close()
	samples := map[string][]float64{}
	set := querier.Select(context.Background(), true, nil, labels.MustNewMatcher(labels.MatchRegexp, "__name__", ".+"))
	for set.Next() {
		series := set.At()
		it := series.Iterator(nil)
		var last int64
		for it.Next() == chunkenc.ValFloat {
			ts, v := it.At()
			if last != 0 && ts-last != step {
				t.Fatalf("%s: samples %d ms apart", series.Labels(), ts-last)
			}
			last = ts
			samples[series.Labels().String()] = append(samples[series.Labels().String()], v)
		}
		if last != end-step {
			t.Fatalf("%s: last sample at %d, want %d", series.Labels(), last, end-step)
		}
	}
	if err := set.Err(); err != nil {
		t.Fatal(err)
	}
	if len(samples) != 8 {
		t.Fatalf("want 4 series for each of 2 targets, got %d: %v", len(samples), keys(samples))
	}
	want := int((end - start) / step)
	for _, pod := range []string{"synapse-0", "synapse-1"} {
		fds := samples[`{__name__="process_open_fds", pod="`+pod+`"}`]
		counter := samples[`{__name__="synapse_storage_transaction_time_count_total", desc="get_users", pod="`+pod+`"}`]
		low := samples[`{__name__="synapse_http_server_response_time_seconds_bucket", code="200", le="0.1", method="GET", pod="`+pod+`"}`]
		high := samples[`{__name__="synapse_http_server_response_time_seconds_bucket", code="200", le="+Inf", method="GET", pod="`+pod+`"}`]
		if len(fds) != want || len(counter) != want || len(low) != want || len(high) != want {
			t.Fatalf("%s: want %d samples a series, got %d %d %d %d", pod, want, len(fds), len(counter), len(low), len(high))
		}
		for i := range want {
			if fds[i] != 61 {
				t.Fatalf("%s: the gauge moved to %v", pod, fds[i])
			}
			if i > 0 && counter[i] <= counter[i-1] {
				t.Fatalf("%s: the counter did not grow at sample %d: %v then %v", pod, i, counter[i-1], counter[i])
			}
			if low[i] > high[i] {
				t.Fatalf("%s: buckets not cumulative at sample %d: le=0.1 %v > le=+Inf %v", pod, i, low[i], high[i])
			}
		}
		// The last sample is one step short of the end, where the live scrape exposes 40.
		if got, wantLast := counter[want-1], 40*(0.01+0.99*float64(end-step-start)/float64(end-start)); math.Abs(got-wantLast) > 1e-9 || got > 40 || got < 39.9 {
			t.Fatalf("%s: counter ends at %v, want %v (just under the exposed 40)", pod, got, wantLast)
		}
		if counter[0] != 40*0.01 {
			t.Fatalf("%s: counter starts at %v, want 1%% of 40", pod, counter[0])
		}
	}
}

func TestRejectsAnEmptyRange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "spec.json")
	if err := os.WriteFile(path, []byte(`{"start_ms": 10, "end_ms": 10, "step_ms": 30000}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(path, t.TempDir()); err == nil {
		t.Fatal("an empty range was accepted")
	}
}

func keys(m map[string][]float64) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
