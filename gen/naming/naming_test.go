package naming

import "testing"

func TestGoName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"List Accounts", "ListAccounts"},
		{"Retrieve SSH Tunnel", "RetrieveSSHTunnel"},
		{"List collections from BI tool_2", "ListCollectionsFromBITool2"},
		{"Retrieve Scim V2 Serviceproviderconfig", "RetrieveSCIMV2Serviceproviderconfig"},
		{"List OAuthConfigurations", "ListOAuthConfigurations"},
		{"List Account Scoped PATs", "ListAccountScopedPATs"},
		{"Unsubscribe from Notifications", "UnsubscribeFromNotifications"},
		{"get-run-by_id", "GetRunByID"},
		{"2fa status", "Op2faStatus"},
		{"  ", "Operation"},
		{"ünïcode run", "NCodeRun"},
	}
	for _, tt := range tests {
		if got := GoName(tt.in); got != tt.want {
			t.Errorf("GoName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzGoName(f *testing.F) {
	for _, s := range []string{"List Accounts", "tool_2", "x", "", "9", "id", "a b-c_d.e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name := GoName(s)
		if !IsIdentifier(name) {
			t.Fatalf("GoName(%q) = %q, not an exported identifier", s, name)
		}
		if again := GoName(name); again != name {
			t.Fatalf("GoName not idempotent: %q -> %q -> %q", s, name, again)
		}
	})
}
