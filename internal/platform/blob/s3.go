package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config locates an S3-compatible bucket.
type S3Config struct {
	// Endpoint is a URL (https://s3.eu-west-1.amazonaws.com,
	// http://127.0.0.1:9000) or a host[:port], which means https.
	Endpoint  string
	Bucket    string
	Region    string
	AccessKey string
	SecretKey string
	// PartSize is the size of the parts of a streamed upload, which is also
	// the memory one upload holds (5 MiB, S3's minimum, when zero).
	PartSize uint64
	// MaxRetries bounds the client's retries of one request (3 when zero).
	MaxRetries int
	Transport  http.RoundTripper
}

// S3 stores objects in a bucket, through the MinIO Go client.
type S3 struct {
	c        *minio.Client
	bucket   string
	partSize uint64
}

// NewS3 builds the store; it does not contact the server.
func NewS3(cfg S3Config) (*S3, error) {
	host, secure := cfg.Endpoint, true
	if strings.Contains(cfg.Endpoint, "://") {
		u, err := url.Parse(cfg.Endpoint)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, errors.New("blob: S3_ENDPOINT must be a URL such as https://s3.amazonaws.com or host:port")
		}
		host, secure = u.Host, u.Scheme == "https"
	}
	if host == "" || cfg.Bucket == "" {
		return nil, errors.New("blob: S3_ENDPOINT and S3_BUCKET are required")
	}
	retries := cfg.MaxRetries
	if retries <= 0 {
		retries = 3
	}
	c, err := minio.New(host, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       secure,
		Region:       cfg.Region,
		BucketLookup: minio.BucketLookupAuto,
		MaxRetries:   retries,
		Transport:    cfg.Transport,
	})
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	ps := cfg.PartSize
	if ps == 0 {
		ps = 5 << 20
	}
	return &S3{c: c, bucket: cfg.Bucket, partSize: ps}, nil
}

// Kind is "s3".
func (s *S3) Kind() string { return "s3" }

// EnsureBucket creates the bucket when it does not exist.
func (s *S3) EnsureBucket(ctx context.Context, region string) error {
	ok, err := s.c.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if ok {
		return nil
	}
	if err := s.c.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{Region: region}); err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return nil
}

// Put streams r as a multipart upload of PartSize parts (one part in memory
// at a time); a failed upload is aborted, so no object appears.
func (s *S3) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	if !ValidKey(key) {
		return 0, ErrBadKey
	}
	tr := &trackedReader{r: r}
	info, err := s.c.PutObject(ctx, s.bucket, key, tr, -1, minio.PutObjectOptions{
		PartSize: s.partSize, ContentType: "application/octet-stream", DisableContentSha256: true})
	if err != nil {
		if tr.err != nil {
			return tr.n, tr.err
		}
		if ctx.Err() != nil {
			return tr.n, ctx.Err()
		}
		return tr.n, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return info.Size, nil
}

// Open stats the object and returns it; reads and seeks fetch ranges.
func (s *S3) Open(ctx context.Context, key string) (Object, error) {
	if !ValidKey(key) {
		return nil, ErrBadKey
	}
	obj, err := s.c.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return obj, nil
}

// Delete removes the object (S3 answers success for a missing one).
func (s *S3) Delete(ctx context.Context, key string) error {
	if !ValidKey(key) {
		return ErrBadKey
	}
	if err := s.c.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			return nil
		}
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return nil
}
