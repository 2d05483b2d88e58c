package main

import (
	"context"
	"log/slog"
	"os"
	"unsafe"

	"github.com/blang/semver/v4"
	// The package whose unexported configuration builder the declarations below link to.
	_ "github.com/prometheus-operator/prometheus-operator/pkg/alertmanager"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1alpha1"
	"github.com/prometheus-operator/prometheus-operator/pkg/assets"
)

// prometheus-operator builds an Alertmanager's configuration with unexported code of
// pkg/alertmanager (amcfg.go: newConfigBuilder and the configBuilder's methods; operator.go:
// checkAlertmanagerConfigResource, defaultAlertmanagerConfiguration). The suite calls that same
// code through go:linkname: each declaration has the signature of the v0.79.2 function it names
// (go.mod pins that version), a *configBuilder passed as an unsafe.Pointer, which the Go code
// here never looks into.

//go:linkname newConfigBuilder github.com/prometheus-operator/prometheus-operator/pkg/alertmanager.newConfigBuilder
func newConfigBuilder(logger *slog.Logger, amVersion semver.Version, store *assets.StoreBuilder,
	matcherStrategy monitoringv1.AlertmanagerConfigMatcherStrategy) unsafe.Pointer

//go:linkname initializeFromRawConfiguration github.com/prometheus-operator/prometheus-operator/pkg/alertmanager.(*configBuilder).initializeFromRawConfiguration
func initializeFromRawConfiguration(builder unsafe.Pointer, b []byte) error

//go:linkname addAlertmanagerConfigs github.com/prometheus-operator/prometheus-operator/pkg/alertmanager.(*configBuilder).addAlertmanagerConfigs
func addAlertmanagerConfigs(builder unsafe.Pointer, ctx context.Context,
	amConfigs map[string]*monitoringv1alpha1.AlertmanagerConfig) error

//go:linkname marshalJSON github.com/prometheus-operator/prometheus-operator/pkg/alertmanager.(*configBuilder).marshalJSON
func marshalJSON(builder unsafe.Pointer) ([]byte, error)

//go:linkname checkAlertmanagerConfigResource github.com/prometheus-operator/prometheus-operator/pkg/alertmanager.checkAlertmanagerConfigResource
func checkAlertmanagerConfigResource(ctx context.Context, amc *monitoringv1alpha1.AlertmanagerConfig,
	amVersion semver.Version, store *assets.StoreBuilder) error

//go:linkname defaultAlertmanagerConfiguration github.com/prometheus-operator/prometheus-operator/pkg/alertmanager.defaultAlertmanagerConfiguration
func defaultAlertmanagerConfiguration() []byte

// generateAlertmanager returns the alertmanager.yaml the operator generates, as its
// provisionAlertmanagerConfiguration does, for kube-prometheus-stack's Alertmanager of the given
// version that selects the chart's AlertmanagerConfigs: the stack's values give it
// alertmanagerConfigMatcherStrategy None (the chart's route matches the chart's alerts itself,
// whatever their namespace), and with no configuration Secret of its own the base is the
// operator's default (a route to the receiver "null"). Unlike the operator, which skips an
// invalid AlertmanagerConfig with a warning, it fails.
func generateAlertmanager(configs map[string]*monitoringv1alpha1.AlertmanagerConfig, version string) ([]byte, error) {
	ctx := context.Background()
	parsed, err := semver.ParseTolerant(version)
	if err != nil {
		return nil, err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	// The suite's receivers are webhooks with a plain url: no Secret is read.
	store := assets.NewStoreBuilder(nil, nil)
	for _, config := range configs {
		if err := checkAlertmanagerConfigResource(ctx, config, parsed, store); err != nil {
			return nil, err
		}
	}
	builder := newConfigBuilder(logger, parsed, store,
		monitoringv1.AlertmanagerConfigMatcherStrategy{Type: monitoringv1.NoneConfigMatcherStrategyType})
	if err := initializeFromRawConfiguration(builder, defaultAlertmanagerConfiguration()); err != nil {
		return nil, err
	}
	if err := addAlertmanagerConfigs(builder, ctx, configs); err != nil {
		return nil, err
	}
	return marshalJSON(builder)
}
