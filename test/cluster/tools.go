//go:build tools

// Package tools only records the programs this wrapper module builds, so that
// `go mod tidy` keeps their requirements. It is never compiled; build.sh builds
// these packages with `go build -o`.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
