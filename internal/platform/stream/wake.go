package stream

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go"
)

// Wake-up channel names.
const (
	pgChannel   = "crm_events"
	natsSubject = "crm.events"
)

// startWakers connects the cross-instance wake-ups: NATS when configured,
// else LISTEN/NOTIFY on PostgreSQL, else none (polling only).
func (h *Hub) startWakers(ctx context.Context) {
	log := h.o.Logger
	switch {
	case h.o.NATSURL != "":
		nc, err := nats.Connect(h.o.NATSURL, nats.Name("crm stream"), nats.MaxReconnects(-1), nats.RetryOnFailedConnect(true),
			nats.ReconnectWait(time.Second))
		if err != nil {
			log.Warn("stream: nats: polling only", "err", err.Error())
			return
		}
		if _, err := nc.Subscribe(natsSubject, func(*nats.Msg) { signal(h.wake) }); err != nil {
			log.Warn("stream: nats subscribe: polling only", "err", err.Error())
			nc.Close()
			return
		}
		if err := nc.Flush(); err == nil {
			h.listening.Store(true)
		} else {
			log.Warn("stream: nats not reachable yet; polling until it is", "err", err.Error())
		}
		nc.SetReconnectHandler(func(*nats.Conn) { h.listening.Store(true); signal(h.wake) })
		h.publish = func(_ context.Context, id int64) {
			if err := nc.Publish(natsSubject, []byte(strconv.FormatInt(id, 10))); err != nil {
				log.Warn("stream: nats publish", "err", err.Error())
			}
		}
		go func() {
			<-ctx.Done()
			nc.Close()
		}()
	case h.o.ListenDSN != "":
		h.publish = func(ctx context.Context, id int64) {
			if _, err := h.db.Q(ctx).ExecContext(ctx, `SELECT pg_notify('`+pgChannel+`', ?)`, strconv.FormatInt(id, 10)); err != nil && ctx.Err() == nil {
				log.Warn("stream: notify", "err", err.Error())
			}
		}
		go h.listen(ctx)
	}
}

// listen waits for NOTIFY on a dedicated connection, reconnecting after a
// failure (polling covers the gap).
func (h *Hub) listen(ctx context.Context) {
	for ctx.Err() == nil {
		err := h.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		h.o.Logger.Warn("stream: listen", "err", err.Error())
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

func (h *Hub) listenOnce(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, h.o.ListenDSN)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgChannel); err != nil {
		return err
	}
	h.listening.Store(true)
	defer h.listening.Store(false)
	signal(h.wake) // events may have been announced while disconnected
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		signal(h.wake)
	}
}

// Listening reports that wake-ups from other instances (NOTIFY or NATS)
// currently reach this one.
func (h *Hub) Listening() bool { return h.listening.Load() }
