// Package tests holds the end-to-end tests of the generator and the generated clients: they
// run the real generator on the real specs, compile what it writes, and drive the clients
// against real HTTP servers. The spec files are read from $DBTCLOUD_SPECS, or from
// ../shared/specs beside the repository.
package tests
