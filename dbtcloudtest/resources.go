package dbtcloudtest

// resource is a kind of stored object and the path parameters that scope it.
type resource struct {
	kind  string
	scope []string
}

var (
	projects     = resource{"projects", []string{"account_id"}}
	accountEnvs  = resource{"environments", []string{"account_id"}}
	projectEnvs  = resource{"environments", []string{"account_id", "project_id"}}
	jobs         = resource{"jobs", []string{"account_id"}}
	accountsKind = "accounts"
	stateActive  = float64(1)
	stateDeleted = float64(2)
)

// handlers are the stateful operations, by method and path template. Operations not listed
// answer with an example of their response schema.
var handlers = map[string]handler{}

func init() {
	crud := func(prefix string, r resource) {
		handlers["GET "+prefix] = r.list
		handlers["POST "+prefix] = r.create
		handlers["GET "+prefix+"{id}/"] = r.retrieve
		handlers["POST "+prefix+"{id}/"] = r.update
		handlers["PATCH "+prefix+"{id}/"] = r.update
		handlers["DELETE "+prefix+"{id}/"] = r.destroy
	}
	crud("/api/v2/accounts/{account_id}/projects/", projects)
	crud("/api/v3/accounts/{account_id}/projects/", projects)
	crud("/api/v2/accounts/{account_id}/environments/", accountEnvs)
	crud("/api/v3/accounts/{account_id}/projects/{project_id}/environments/", projectEnvs)
	crud("/api/v2/accounts/{account_id}/jobs/", jobs)

	handlers["GET /api/v2/accounts/"] = listAccounts
	handlers["GET /api/v3/accounts/"] = listAccounts
	handlers["GET /api/v2/accounts/{account_id}/"] = retrieveAccount
	handlers["POST /api/v2/accounts/{account_id}/"] = updateAccount
	handlers["PATCH /api/v2/accounts/{account_id}/"] = updateAccount
	registerRunHandlers()
}

// scope reads the resource's scoping path parameters and checks that their objects exist.
func (r resource) scopeOf(s *Server, c *call) (map[string]int64, *reply) {
	scope := map[string]int64{}
	for _, name := range r.scope {
		id := c.pathID(name)
		kind := map[string]string{"account_id": accountsKind, "project_id": "projects"}[name]
		if _, ok := s.store.get(kind, id); !ok {
			rep := notFound(kind[:len(kind)-1], id)
			if kind == accountsKind {
				rep = noAccount(id)
			}
			return nil, &rep
		}
		scope[name] = id
	}
	return scope, nil
}

func (r resource) list(s *Server, c *call) reply {
	scope, rep := r.scopeOf(s, c)
	if rep != nil {
		return *rep
	}
	return s.listObjects(c, s.store.all(r.kind, scope), scope)
}

// listObjects answers a list call with one page of objs and dbt Cloud's extra block.
func (s *Server) listObjects(c *call, objs []object, scope map[string]int64) reply {
	lq, err := parseListQuery(c.query)
	if err != nil {
		return badRequest("Invalid pagination.", err)
	}

	page, total := lq.apply(objs)
	return s.listReply(c, lq, page, total, scope)
}

// listReply answers a list request with one page of objects, of total in all, and the
// request's paging, ordering and scope under extra.
func (s *Server) listReply(c *call, lq listQuery, page []object, total int,
	scope map[string]int64) reply {
	filters := object{"limit": float64(lq.limit), "offset": float64(lq.offset)}
	for k, v := range scope {
		filters[k] = float64(v)
	}
	extra := object{
		"filters":    filters,
		"order_by":   lq.orderBy,
		"pagination": object{"count": float64(len(page)), "total_count": float64(total)},
	}
	data := make([]any, len(page))
	for i, obj := range page {
		data[i] = obj
	}
	return s.respond(c, data, extra)
}

func (r resource) create(s *Server, c *call) reply {
	scope, rep := r.scopeOf(s, c)
	if rep != nil {
		return *rep
	}
	obj, err := c.bodyObject()
	if err != nil {
		return badRequest("Invalid body.", err)
	}

	for k, v := range scope {
		obj[k] = float64(v)
	}
	stamp(obj, c, true)
	if _, ok := obj["state"]; !ok {
		obj["state"] = stateActive
	}
	s.store.insert(r.kind, obj)
	return s.respond(c, obj, nil)
}

func (r resource) find(s *Server, c *call) (object, *reply) {
	scope, rep := r.scopeOf(s, c)
	if rep != nil {
		return nil, rep
	}

	id := c.pathID("id")
	obj, ok := s.store.get(r.kind, id)
	if !ok || !inScope(obj, scope) || obj["state"] == stateDeleted {
		rep := notFound(r.kind[:len(r.kind)-1], id)
		return nil, &rep
	}
	return obj, nil
}

func (r resource) retrieve(s *Server, c *call) reply {
	obj, rep := r.find(s, c)
	if rep != nil {
		return *rep
	}
	return s.respond(c, obj, nil)
}

// fixedFields never change on update: objects do not move between accounts or projects.
var fixedFields = []string{"id", "account_id", "project_id"}

// update merges the body into the stored object, except for the fixed fields.
func (r resource) update(s *Server, c *call) reply {
	obj, rep := r.find(s, c)
	if rep != nil {
		return *rep
	}
	changes, err := c.bodyObject()
	if err != nil {
		return badRequest("Invalid body.", err)
	}

	for k, v := range changes {
		if contains(fixedFields, k) {
			continue
		}
		obj[k] = v
	}
	stamp(obj, c, false)
	return s.respond(c, obj, nil)
}

// destroy deletes the object softly, as dbt Cloud does: it keeps it with state 2, so that
// lists with state=deleted or state=all still show it, while requests for it by ID get a
// 404.
func (r resource) destroy(s *Server, c *call) reply {
	obj, rep := r.find(s, c)
	if rep != nil {
		return *rep
	}

	obj["state"] = stateDeleted
	stamp(obj, c, false)
	return s.respond(c, obj, nil)
}

// stamp sets updated_at, and created_at when the object is new, to the clock's time.
func stamp(obj object, c *call, created bool) {
	c.ex.times++
	now := formatTime(c.now, c.ex.times)
	if created {
		obj["created_at"] = now
	}
	obj["updated_at"] = now
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func listAccounts(s *Server, c *call) reply {
	return s.listObjects(c, s.store.all(accountsKind, nil), nil)
}

func retrieveAccount(s *Server, c *call) reply {
	id := c.pathID("account_id")
	obj, ok := s.store.get(accountsKind, id)
	if !ok {
		return noAccount(id)
	}
	return s.respond(c, obj, nil)
}

func updateAccount(s *Server, c *call) reply {
	id := c.pathID("account_id")
	obj, ok := s.store.get(accountsKind, id)
	if !ok {
		return noAccount(id)
	}
	changes, err := c.bodyObject()
	if err != nil {
		return badRequest("Invalid body.", err)
	}

	for k, v := range changes {
		if k != "id" {
			obj[k] = v
		}
	}
	stamp(obj, c, false)
	return s.respond(c, obj, nil)
}

// seedAccount stores an account as the fake's starting state.
func (s *Server) seedAccount(id int64, name string) {
	now := s.Clock.Now()
	s.store.put(accountsKind, id, object{
		"id": float64(id), "name": name, "state": stateActive, "plan": "enterprise",
		"created_at": formatTime(now, 0), "updated_at": formatTime(now, 1),
	})
}

// AddAccount stores a new account and returns its id.
func (s *Server) AddAccount(name string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()

	now := s.Clock.Now()
	return s.store.insert(accountsKind, object{"name": name, "state": stateActive,
		"created_at": formatTime(now, 0), "updated_at": formatTime(now, 0)})
}

// AddProject stores a project in an account and returns its id.
func (s *Server) AddProject(accountID int64, name string) int64 {
	return s.add("projects", object{"account_id": float64(accountID), "name": name})
}

// AddEnvironment stores an environment of a project and returns its id.
func (s *Server) AddEnvironment(accountID, projectID int64, name string) int64 {
	return s.add("environments", object{"account_id": float64(accountID),
		"project_id": float64(projectID), "name": name, "type": "deployment"})
}

// AddJob stores a job that runs in an environment and returns its id.
func (s *Server) AddJob(accountID, projectID, environmentID int64, name string) int64 {
	return s.add("jobs", object{"account_id": float64(accountID),
		"project_id": float64(projectID), "environment_id": float64(environmentID),
		"name": name, "execute_steps": []any{"dbt build"}})
}

func (s *Server) add(kind string, obj object) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()

	now := formatTime(s.Clock.Now(), 0)
	obj["state"], obj["created_at"], obj["updated_at"] = stateActive, now, now
	return s.store.insert(kind, obj)
}
