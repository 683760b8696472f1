package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// machine describes the computer the figures come from: processor, cores, memory, system
// and Go release.
func machine() string {
	parts := []string{}
	if cpu := cpuInfo("model name"); cpu != "" {
		parts = append(parts, cpu)
	}
	parts = append(parts, fmt.Sprintf("%d cores", runtime.NumCPU()))
	if kb := memInfo("MemTotal"); kb > 0 {
		parts = append(parts, fmt.Sprintf("%.0f GiB memory", float64(kb)/(1<<20)))
	}
	parts = append(parts, runtime.GOOS+"/"+runtime.GOARCH, runtime.Version())
	return strings.Join(parts, ", ")
}

// cpuInfo returns the first value of key in /proc/cpuinfo, or "" where there is none.
func cpuInfo(key string) string {
	return procField("/proc/cpuinfo", key)
}

// memInfo returns the value of key in /proc/meminfo, in kilobytes, or 0.
func memInfo(key string) int64 {
	v := strings.TrimSuffix(procField("/proc/meminfo", key), " kB")
	n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return n
}

func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()

	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
